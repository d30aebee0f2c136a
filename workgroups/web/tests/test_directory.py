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
