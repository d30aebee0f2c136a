from django.db import migrations, models

# SearchEntry moves here from the web app, as Django's record only: its table `web_searchentry`
# and the full-text index over it (FTS5 table and triggers on SQLite, tsvector column and GIN
# index on PostgreSQL) were made by web's 0001 and stay. Hence after web's 0002, which drops the
# web app's record of it; on a fresh database web's 0001 creates the table first.


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("web", "0002_searchentry_moved_to_search"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SearchEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('group', 'Group'), ('person', 'Person'), ('resolution', 'Resolution'), ('page', 'Page')], max_length=10)),
                        ('object_id', models.BigIntegerField()),
                        ('title', models.CharField(max_length=500)),
                        ('context', models.CharField(blank=True, help_text="e.g. the group's name.", max_length=300)),
                        ('url', models.CharField(max_length=600)),
                        ('date', models.CharField(blank=True, max_length=10)),
                        ('body', models.TextField(blank=True, help_text='Plain text, for snippets.')),
                        ('keys_title', models.TextField(blank=True)),
                        ('keys_body', models.TextField(blank=True)),
                    ],
                    options={
                        'verbose_name_plural': 'search entries',
                        'db_table': 'web_searchentry',
                        'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='unique_search_entry')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
