from django.db import migrations

# SearchEntry now belongs to the search app (workgroups.search), which the website and the API
# share. Only Django's record of the model moves: the table `web_searchentry`, its FTS5 table
# and triggers (SQLite) or its tsvector column and GIN index (PostgreSQL), made by 0001, stay
# as they are. The search app's 0001 takes the model over, right after this one.


class Migration(migrations.Migration):

    dependencies = [
        ("web", "0001_search_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SearchEntry")],
            database_operations=[],
        ),
    ]
