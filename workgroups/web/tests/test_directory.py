"""The directory (web/directory.py): paging and the cards' markup."""

from workgroups.registry.models import Group


def test_it_pages_a_large_directory(db, client, monkeypatch):
    from workgroups.web import directory

    monkeypatch.setattr(directory, "DIRECTORY_PAGE_SIZE", 2)
    for i in range(5):
        Group.objects.create(name=f"Paged Group {i}", slug=f"paged-{i}", position=i)
    first = client.get("/").content.decode()
    assert "Paged Group 0" in first and "Paged Group 2" not in first
    assert "Page 1 of 3" in first and 'href="?page=2"' in first
    last = client.get("/?page=3").content.decode()
    assert "Paged Group 4" in last and "Paged Group 0" not in last
    assert 'href="?page=2"' in last


def test_a_character_html_forbids_is_replaced_and_the_rest_kept(db, client):
    # U+0085 is a C1 control: its UTF-8 starts like the no-break space's and the middle dot's,
    # which pages hold, so a look at lead bytes alone would let it through.
    Group.objects.create(name="Next\u0085Line\u00a0Group", slug="next-line")
    html = client.get("/").content.decode()
    assert "Next\ufffdLine\u00a0Group" in html and "\u0085" not in html


def test_the_byte_check_passes_only_what_publishable_keeps():
    from workgroups.lib.text import publishable
    from workgroups.web.middleware import surely_publishable

    planes_ends = [chr(p << 16 | low) for p in range(1, 17) for low in (0xFFFD, 0xFFFE, 0xFFFF)]
    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF] + planes_ends
    for char in chars:
        text = f"a\u00b7{char}b"
        if surely_publishable(text.encode()):
            assert publishable(text) == text, f"U+{ord(char):04X}"
    assert surely_publishable("Working groups · Python → é".encode())


def test_a_second_request_shows_what_was_written_after_the_first(db, client):
    # The directory's queries are built once per process (directory._queries): each request
    # must still read the rows as they are now.
    Group.objects.create(name="First Group", slug="first")
    assert 'All <span class="count">1</span>' in client.get("/").content.decode()
    Group.objects.create(name="Second Group", slug="second")
    html = client.get("/").content.decode()
    assert 'All <span class="count">2</span>' in html and "Second Group" in html
