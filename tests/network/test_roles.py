from django.contrib.auth.models import Group


def test_roles_planning_leads_edit_and_members_read(editor, member):
    assert editor.has_perm("minutes.change_meeting")
    assert editor.has_perm("decisions.add_decision")
    assert not editor.has_perm("network.change_organisation")
    assert member.has_perm("minutes.view_meeting")
    assert not member.has_perm("minutes.change_meeting")
    assert set(Group.objects.values_list("name", flat=True)) == {"Planeringsledare", "Medlemmar"}
