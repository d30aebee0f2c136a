"""`workgroups serve`, as `make run` starts it."""

import urllib.request


def test_it_writes_nothing_outside_its_data_dir(site, tmp_path_factory):
    with urllib.request.urlopen(site + "/") as answer:
        assert answer.status == 200
    # The `site` fixture gave the server an empty HOME of its own (gunicorn 25+ would put a
    # control socket there).
    (home,) = tmp_path_factory.getbasetemp().glob("site-home[0-9]*")
    assert list(home.iterdir()) == []
