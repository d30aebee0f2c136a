"""A model field for partial dates, stored as sortable ISO strings."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from workgroups.lib.partialdate import FORMS, PartialDate, PartialDateError


class _PartialDateDescriptor:
    """Converts on assignment, so `group.formed = "2018-05"` reads back as a PartialDate."""

    def __init__(self, field):
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return instance.__dict__.get(self.field.attname)

    def __set__(self, instance, value):
        if isinstance(value, str) and value:
            try:
                value = PartialDate.parse(value)
            except PartialDateError:
                pass  # left as given so that full_clean() reports it on the field
        instance.__dict__[self.field.attname] = value or None


class PartialDateField(models.CharField):
    """Holds a PartialDate; the column is its EDTF string ('2018-05', '2005~', 'XXXX')."""

    description = "A date known to the year, month or day"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("null", True)
        super().__init__(*args, **kwargs)
        # The value is a PartialDate, whose ISO form always fits: no length to check.
        self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, default in (("max_length", 20), ("blank", True), ("null", True)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        setattr(cls, self.attname, _PartialDateDescriptor(self))

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return None
        return PartialDate.parse(value)

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return PartialDate.parse(value)
        except PartialDateError as exc:
            raise ValidationError(str(exc), code="invalid_partial_date") from exc

    def get_prep_value(self, value):
        if value in (None, ""):
            return None
        return self.to_python(value).iso()

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else value.iso()

    def formfield(self, **kwargs):
        from django import forms

        class PartialDateFormField(forms.CharField):
            def to_python(inner, value):  # noqa: N805
                value = super(PartialDateFormField, inner).to_python(value)
                return self.to_python(value)

            def prepare_value(inner, value):  # noqa: N805
                return value.iso() if isinstance(value, PartialDate) else value

        kwargs.setdefault("form_class", PartialDateFormField)
        # The length limit is the column's; the form field holds a PartialDate, not text.
        kwargs.setdefault("max_length", None)
        kwargs.setdefault("help_text", f"EDTF: {FORMS}")
        return super().formfield(**kwargs)
