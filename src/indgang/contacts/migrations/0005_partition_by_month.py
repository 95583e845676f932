"""The contact register partitioned by month on PostgreSQL (no-op on SQLite).

docs/operations.md ("Running on several machines") says why the table itself is
partitioned, with Django keeping ``id`` as its primary key:

- The database's primary key is (id, started_at): PostgreSQL wants the
  partition key in every unique index. ``id`` stays unique (one sequence).
- Unique indexes get started_at appended (contact_source_ref_once); the
  service still looks the (source, source_ref) up before it writes.
- No foreign key may point at the table (the re-contact link to an earlier
  contact has no database constraint; Django still empties it on delete).
- Months from the oldest contact (at most ten years back) to twelve months
  ahead get a partition, rows outside them land in contacts_contact_default;
  ``indgang contacts partitions`` (a scheduled job) adds the months ahead and
  moves rows out of the default partition.

The SQL copies the table's columns, defaults, checks, indexes and foreign keys
as they are when it runs, so columns added by earlier migrations come along,
and later AddField/AddIndex work on the partitioned table as on any other.
"""

from django.db import migrations, models

ADD_MONTH = r"""
CREATE OR REPLACE FUNCTION contacts_contact_add_month(month date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    name text := format('contacts_contact_y%sm%s', to_char(month, 'YYYY'), to_char(month, 'MM'));
    low timestamptz := date_trunc('month', month)::timestamp AT TIME ZONE 'Europe/Copenhagen';
    high timestamptz := (date_trunc('month', month) + interval '1 month')::timestamp
        AT TIME ZONE 'Europe/Copenhagen';
    columns text;
BEGIN
    IF to_regclass(name) IS NOT NULL THEN
        RETURN false;
    END IF;
    IF to_regclass('contacts_contact_default') IS NOT NULL AND EXISTS (
        SELECT 1 FROM contacts_contact_default WHERE started_at >= low AND started_at < high
    ) THEN
        -- The month's rows wait in the default partition: move them, then attach.
        SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO columns
        FROM pg_attribute
        WHERE attrelid = 'contacts_contact'::regclass AND attnum > 0 AND NOT attisdropped;
        EXECUTE format(
            'CREATE TABLE %I (LIKE contacts_contact INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
            name);
        EXECUTE format(
            'WITH moved AS (DELETE FROM contacts_contact_default'
            ' WHERE started_at >= %L AND started_at < %L RETURNING %s)'
            ' INSERT INTO %I (%s) SELECT %s FROM moved',
            low, high, columns, name, columns, columns);
        EXECUTE format(
            'ALTER TABLE contacts_contact ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
            name, low, high);
    ELSE
        EXECUTE format(
            'CREATE TABLE %I PARTITION OF contacts_contact FOR VALUES FROM (%L) TO (%L)',
            name, low, high);
    END IF;
    RETURN true;
END
$$;

CREATE OR REPLACE FUNCTION contacts_contact_ensure_partitions(months_ahead integer DEFAULT 12)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    month date;
    added integer := 0;
    this_month date := date_trunc('month', now() AT TIME ZONE 'Europe/Copenhagen')::date;
BEGIN
    FOR month IN
        SELECT generate_series(this_month, this_month + months_ahead * interval '1 month',
                               interval '1 month')::date
        UNION
        SELECT DISTINCT date_trunc('month', started_at AT TIME ZONE 'Europe/Copenhagen')::date
        FROM contacts_contact_default
        WHERE started_at >= now() - interval '10 years'
        ORDER BY 1
    LOOP
        IF contacts_contact_add_month(month) THEN
            added := added + 1;
        END IF;
    END LOOP;
    RETURN added;
END
$$;
"""

PARTITION = r"""
DO $$
DECLARE
    item record;
    rebuild text[] := '{}';
    statement text;
    last_id bigint;
    sequence_name text;
    month date;
    oldest date;
    newest date;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = 'contacts_contact'::regclass)
    THEN
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f'
               AND confrelid = 'contacts_contact'::regclass) THEN
        RAISE EXCEPTION 'A foreign key points at contacts_contact: give it db_constraint=False '
            'before partitioning (a partitioned table has no unique index on id alone).';
    END IF;

    -- What to rebuild on the partitioned table: unique indexes and constraints
    -- with started_at appended, other indexes as they are, foreign keys.
    FOR item IN
        SELECT pg_get_indexdef(i.indexrelid) AS definition, i.indisunique AS is_unique,
               array_to_string(ARRAY(SELECT a.attname FROM pg_attribute a
                   WHERE a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)), ',') AS columns
        FROM pg_index i
        WHERE i.indrelid = 'contacts_contact'::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    LOOP
        statement := item.definition;
        IF item.is_unique AND NOT 'started_at' = ANY(string_to_array(item.columns, ',')) THEN
            statement := regexp_replace(statement, '(USING \w+ \([^)]*)\)', '\1, started_at)');
        END IF;
        rebuild := rebuild || statement;
    END LOOP;
    FOR item IN
        SELECT conname, contype, pg_get_constraintdef(oid) AS definition,
               array_to_string(ARRAY(SELECT a.attname FROM pg_attribute a
                   WHERE a.attrelid = conrelid AND a.attnum = ANY(conkey)), ',') AS columns
        FROM pg_constraint
        WHERE conrelid = 'contacts_contact'::regclass AND contype IN ('u', 'f')
    LOOP
        statement := item.definition;
        IF item.contype = 'u' AND NOT 'started_at' = ANY(string_to_array(item.columns, ','))
        THEN
            statement := regexp_replace(statement, '^UNIQUE \(([^)]*)\)', 'UNIQUE (\1, started_at)');
        END IF;
        rebuild := rebuild || format('ALTER TABLE contacts_contact ADD CONSTRAINT %I %s',
                                     item.conname, statement);
    END LOOP;

    sequence_name := pg_get_serial_sequence('contacts_contact', 'id');
    EXECUTE format('SELECT last_value FROM %s', sequence_name) INTO last_id;
    SELECT GREATEST(last_id, max(id)) INTO last_id FROM contacts_contact;

    ALTER TABLE contacts_contact RENAME TO contacts_contact_unpartitioned;
    CREATE TABLE contacts_contact (
        LIKE contacts_contact_unpartitioned
        INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS
    ) PARTITION BY RANGE (started_at);
    -- PostgreSQL 15 has no identity columns on partitioned tables: a sequence.
    ALTER TABLE contacts_contact_unpartitioned ALTER COLUMN id DROP IDENTITY;
    CREATE SEQUENCE contacts_contact_id_seq OWNED BY contacts_contact.id;
    PERFORM setval('contacts_contact_id_seq', GREATEST(last_id, 1), last_id IS NOT NULL);
    ALTER TABLE contacts_contact ALTER COLUMN id SET DEFAULT nextval('contacts_contact_id_seq');

    CREATE TABLE contacts_contact_default PARTITION OF contacts_contact DEFAULT;
    SELECT date_trunc('month', min(started_at) AT TIME ZONE 'Europe/Copenhagen')::date,
           date_trunc('month', max(started_at) AT TIME ZONE 'Europe/Copenhagen')::date
    INTO oldest, newest FROM contacts_contact_unpartitioned;
    IF oldest IS NOT NULL THEN
        oldest := GREATEST(oldest, date_trunc('month', now() - interval '10 years')::date);
        FOR month IN SELECT generate_series(oldest, newest, interval '1 month')::date LOOP
            PERFORM contacts_contact_add_month(month);
        END LOOP;
    END IF;
    PERFORM contacts_contact_ensure_partitions(12);

    INSERT INTO contacts_contact SELECT * FROM contacts_contact_unpartitioned;
    DROP TABLE contacts_contact_unpartitioned;
    ALTER TABLE contacts_contact ADD CONSTRAINT contacts_contact_pkey PRIMARY KEY (id, started_at);
    FOREACH statement IN ARRAY rebuild LOOP
        EXECUTE replace(statement, 'contacts_contact_unpartitioned', 'contacts_contact');
    END LOOP;
    ANALYZE contacts_contact;
END
$$;
"""


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # A plain cursor: the schema editor's logging would read format()'s %I as a placeholder.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(ADD_MONTH)
        cursor.execute(PARTITION)


class Migration(migrations.Migration):
    # Runs after every other contacts migration: it copies the table as it is.
    dependencies = [
        ("contacts", "0004_attempt_links"),
    ]

    operations = [
        # A partitioned table has no unique index on id alone to point a
        # foreign key at; Django still empties the link when the earlier
        # contact is deleted (on_delete=SET_NULL runs in Django).
        migrations.AlterField(
            model_name="contact",
            name="earlier_contact",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="recontacts",
                to="contacts.contact",
            ),
        ),
        # Reversing keeps the table partitioned: the model works on both.
        migrations.RunPython(partition, migrations.RunPython.noop, elidable=False),
    ]
