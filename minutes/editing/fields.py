"""Limits said in words, never enforced in silence (issue 10).

A text field's maxlength attribute made the browser cut a pasted 720-character title to 500
without a word, and <input type="date"> emptied a date like 2023-02-30 before the server saw
it, which then reported the field as missing. Here the browser keeps what was typed and the
server says, in Swedish, what is wrong with it.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "%Y-%m-%d"


@deconstructible
class LengthSaid:
    """A limit on the number of characters, its message naming the field and the count."""

    def __init__(self, limit: int, label):
        self.limit = limit
        self.label = label

    def __call__(self, value):
        if value is not None and len(value) > self.limit:
            raise ValidationError(
                gettext("%(label)s får vara högst %(limit)d tecken (nu %(count)d)."),
                code="max_length",
                params={"label": self.label, "limit": self.limit, "count": len(value)},
            )

    def __eq__(self, other):
        return isinstance(other, LengthSaid) and (self.limit, self.label) == (
            other.limit,
            other.label,
        )


class LimitsSaid:
    """A form mixin: every text field with a max_length says the limit instead of having the
    browser cut the text (no maxlength attribute; a Swedish message with the count)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length:
                field.widget.attrs.pop("maxlength", None)
                field.validators = [
                    v for v in field.validators if not isinstance(v, MaxLengthValidator)
                ] + [LengthSaid(field.max_length, field.label)]


class DateInput(forms.DateInput):
    """A text input for dates (the GOV.UK pattern): it keeps whatever was typed, so a
    mistyped date comes back as typed with a message, and reads the same in every browser."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "size": 10, **(attrs or {})}, format=DATE_FORMAT)


class DayField(forms.DateField):
    """A date written as 2024-11-07; anything else is refused with what was typed."""

    widget = DateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Till exempel 2024-11-07."))
        super().__init__(input_formats=[DATE_FORMAT], **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            written = value.strip()
            try:
                return dt.datetime.strptime(written, DATE_FORMAT).date()
            except ValueError:
                raise ValidationError(
                    gettext("%(value)s är inget giltigt datum. Skriv datum som 2024-11-07."),
                    code="invalid",
                    params={"value": written},
                ) from None
        return super().to_python(value)
