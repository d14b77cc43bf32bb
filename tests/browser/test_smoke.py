import pytest

pytestmark = pytest.mark.django_db(transaction=True)  # the live server sees committed data


def test_login_then_home_lists_meetings_without_axe_violations(demo, member_login, axe):
    page = member_login

    assert page.get_by_role("heading", level=1).count() == 1
    assert page.locator("a", has_text="7 och 8 november 2024").count() >= 1
    assert axe(page) == []
