"""Date columns widen from 10 to 20 characters for EDTF strings such as "[..2007-02-25]".

The field leaves its length out of migrations (it is the field's own default), so the
autodetector sees no change: the columns are altered here, from their old width to the new.
"""

from django.db import migrations

from workgroups.registry.fields import PartialDateField


def _date_fields(apps):
    for model in apps.get_app_config("registry").get_models():
        for field in model._meta.local_fields:
            if isinstance(field, PartialDateField):
                yield model, field


def _alter(apps, schema_editor, old_length, new_length):
    for model, field in _date_fields(apps):
        old = field.clone()
        old.max_length = old_length
        old.set_attributes_from_name(field.name)
        old.model = model
        new = field.clone()
        new.max_length = new_length
        new.set_attributes_from_name(field.name)
        new.model = model
        schema_editor.alter_field(model, old, new)


def widen(apps, schema_editor):
    _alter(apps, schema_editor, 10, 20)


def narrow(apps, schema_editor):
    _alter(apps, schema_editor, 20, 10)


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_mailing_list_addresses_are_email")]

    operations = [migrations.RunPython(widen, narrow)]
