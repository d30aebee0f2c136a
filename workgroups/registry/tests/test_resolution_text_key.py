"""Resolution.text_key: every way a resolution is written keys it as the rule compares texts."""

import pytest

from workgroups.lib.text import normal_text, text_key
from workgroups.registry.models import Resolution
from workgroups.registry.writer import Write
from workgroups.tests.factories import make_group, make_resolution

pytestmark = pytest.mark.django_db

TEXT = "RESOLVED, that the **Python Software Foundation** forms the [Tea](https://t) Work Group."


def test_texts_that_compare_the_same_share_a_key_and_others_do_not():
    assert normal_text(TEXT) == normal_text(TEXT.replace("**", "").upper() + "  ")
    assert text_key(TEXT) == text_key(TEXT.replace("**", "").upper() + "  ")
    assert text_key(TEXT) != text_key(TEXT.replace("Tea", "Coffee"))


def test_save_keys_the_text_and_an_update_of_the_text_keys_it_again():
    resolution = make_resolution(make_group(), text=TEXT)
    assert Resolution.objects.get().text_key == text_key(TEXT)
    resolution.text = "RESOLVED, something else entirely, long enough to be compared."
    resolution.save(update_fields=["text"])
    assert Resolution.objects.get().text_key == text_key(resolution.text)


def test_plain_row_inserts_key_the_text():
    group = make_group()
    w = Write()
    w.insert_rows(Resolution, ["group", "kind", "text"], [(group.pk, "establishing", TEXT)])
    assert Resolution.objects.get().text_key == text_key(TEXT)
