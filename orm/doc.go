// Package orm brings Django's model layer to Go on a plain *sql.DB: models
// declared as structs, table creation, create/get/save/delete/refresh,
// validation, and typed database errors. It works on any *sql.DB — opened
// through sqlorm's driver or directly through pgx, go-sql-driver/mysql,
// go-sqlite3 or go-ora — and on a transaction carried in the context.
//
// # Models
//
// A model is a struct. Embedding [Model] gives Django's automatic primary
// key (ID int64, column "id", a BigAutoField); any other embedded struct is
// an abstract base whose fields are flattened into the model, as Django's
// abstract models are (an outer field of the same name wins, as in Go).
//
//	type TimestampedModel struct {
//		orm.Model
//		CreatedAt time.Time `orm:"auto_now_add"`
//		UpdatedAt time.Time `orm:"auto_now"`
//	}
//
//	type Product struct {
//		TimestampedModel
//		Name     string           `orm:"max_length=200,db_index"`
//		Price    decimal.Decimal  `orm:"max_digits=10,decimal_places=2,default=0"`
//		Status   string           `orm:"max_length=20,choices=draft|published,default=draft"`
//		Category orm.FK[Category] `orm:"on_delete=cascade,related_name=products,null"`
//	}
//
// The field name used in queries, Meta and validators is the snake_case of
// the Go name (CreatedAt → created_at); so is the table name (Product →
// product) unless an optional Meta method says otherwise (see [Meta]).
//
// Field kinds follow from the Go type and the type= option:
//
//	string + max_length=N        CharField (varchar(N)); without max_length: TextField
//	string + type=email|url|slug EmailField (254), URLField (200), SlugField (50, indexed)
//	string + type=text|uuid      TextField; UUIDField kept as a canonical string
//	bool                         BooleanField
//	int8, int16 / int32 / int64, int  SmallIntegerField / IntegerField / BigIntegerField
//	uint8 / uint16 / uint32, uint64, uint  Positive{Small,,Big}IntegerField, sized so every
//	                             value of the Go type fits (uint16 → integer, uint32 → bigint)
//	float32, float64             FloatField
//	decimal.Decimal              DecimalField: max_digits and decimal_places are required
//	time.Time                    DateTimeField; type=date DateField; type=time TimeField
//	time.Duration                DurationField
//	[]byte                       BinaryField
//	[16]byte-based types         UUIDField (github.com/google/uuid.UUID and the like)
//	any type + type=json         JSONField (encoding/json)
//	orm.FK[T]                    ForeignKey to T (column <name>_id)
//	orm.OneToOne[T]              OneToOneField to T: a UNIQUE foreign key
//	orm.ManyToMany[T]            ManyToManyField to T: a join table, no column
//	other sql.Scanner types      with type= naming the column kind
//
// Tag options use Django's names: max_length, null, blank, default, unique,
// db_index, primary_key, db_column, choices (values separated by |),
// auto_now, auto_now_add, max_digits, decimal_places, type, on_delete,
// related_name, db_table (a ManyToMany's join table); orm:"-" skips a field, unexported fields are skipped. A value
// containing a comma is single-quoted: default='a, b'.
//
// NULL: null needs a Go type that can hold it — a pointer, database/sql's
// Null[T] and NullString-style types, decimal.NullDecimal, FK[T], []byte,
// or (with type=json) a map, slice, interface or pointer. null on any other
// type is an error at registration. A pointer without null is allowed: its
// column is NOT NULL and nil means "not given" to Create's defaults.
//
// Metadata is computed once per Go type, safely under concurrent first
// use, and reused by every call: columns, offsets of the fields inside the
// struct (rows are scanned straight into the fields, without a reflection
// walk per row) and the SQL text of the fixed statements per dialect.
// [Register] builds it up front and reports every declaration mistake as a
// [*ModelError] naming model, field, option and the fix.
//
// # Creating tables
//
// [Migrate] creates a model's table, constraints (NOT NULL, DEFAULT,
// UNIQUE, CHECK for choices and positive integers, FOREIGN KEY with ON
// DELETE) and indexes (db_index, foreign keys, Meta.Indexes) through the
// dialect's DDL, and changes nothing when they exist. [TableExists],
// [TableName], [Fields] and [Schema] describe the model. Migrate a foreign
// key's target before the model that points at it.
//
// # Reading and writing
//
//	products := orm.Objects[Product](db)           // Django's Product.objects
//	err := products.Create(ctx, &p)                // defaults, auto times, p.ID set
//	p2, err := products.Get(ctx, orm.Q{"pk": p.ID}) // or any exact field values
//	err = orm.Save(ctx, db, p2)                    // UPDATE every column, or INSERT
//	err = orm.Save(ctx, db, p2, orm.UpdateFields("price"))
//	err = orm.Refresh(ctx, db, p2)
//	err = orm.Delete(ctx, db, p2)
//
// Save writes every field, so false, 0 and "" are written like any other
// value. Create treats a zero field that has a default as "not given" and
// fills the default; [New] returns a value with the defaults already set,
// for callers who want to write a zero value over a default.
//
// # Queries
//
// A [QuerySet] is Django's: immutable and lazy. Filter, Exclude, OrderBy,
// Reverse, Distinct, Limit, Offset, Only, Defer and None return new
// QuerySets; nothing runs until a terminal method (All, Get, First, Last,
// Earliest, Latest, Count, Exists, InBulk, Update, Delete), and SQL shows
// the statement without running it.
//
//	list, err := products.Filter(orm.Q{"category__name": "Electronics"}).
//		Exclude(orm.Q{"price__lt": 50}).
//		OrderBy("-created_at").
//		All(ctx)
//	products.Filter(orm.Or(orm.Q{"price__lt": 100}, orm.Q{"status": "sale"}))
//	products.Filter(orm.Q{"sale_price__lt": orm.F("regular_price")})
//	n, err := products.Filter(orm.Q{"status": "sale"}).Update(ctx, orm.Set{"price": orm.F("price").Mul(1.1)})
//
// Keys of a [Q] are Django lookup paths — a field, relations across
// foreign keys, transforms and a lookup — resolved against the model and
// rendered per backend by package lookups (see [Q]). [And], [Or] and [Not]
// combine conditions to any depth; [F] and [Expr] compare and compute with
// columns. Exclude and Not keep rows where a compared column is NULL, as
// Django does. A condition that can match no row (an empty in, Limit(0),
// None) sends no statement. Every value is a bound parameter; every field,
// alias and ordering key is looked up in the model's metadata and only
// identifiers from it, checked with dialect.CheckIdent, reach the SQL. An
// unknown name or an invalid value is an error wrapping [ErrInvalidQuery],
// and no statement is sent.
//
// # Data safety
//
// No call silently loses or corrupts data:
//
//   - Every value meets its field before any SQL (Django's get_prep_value):
//     in every lookup, Update, GetOrCreate defaults and expressions, a value
//     is converted to the field's Go kind — integer text for an integer
//     field, decimal text, ISO 8601 dates, a *T, T, FK[T] or key for a
//     foreign key — or refused with an error wrapping [ErrInvalidQuery]
//     naming the model, field, value and kind expected. Update also checks
//     the field's Go width, max_digits and NOT NULL, so every row written
//     reads back into the model.
//   - A nil [Condition] is an error wherever it appears. The empty Q is no
//     condition (Django's Q()), and Update and Delete refuse a QuerySet
//     without any condition: say Filter([AllRows]()) to change every row.
//   - A value loaded with Only, Defer or a partial Raw row remembers what it
//     holds ([ModelState]); Save writes only those fields, and Create,
//     BulkCreate and BulkUpdate refuse to write the zeros of the others.
//   - A NULL in a field without null (an unset required FK) is refused by
//     Create and Save naming the field, before the INSERT.
//   - Two relations with one reverse name are refused at registration.
//
// # Expressions
//
// Besides [F] and its arithmetic, an [Expr] is a database function —
// [Lower], [Upper], [Length], [Coalesce], [Concat], [Now] —, a [Case] of
// [When] clauses and a [Default], a [Value], or a [Subquery]; [Exists] is a
// Condition. They go wherever an Expr already goes: a Q value (the
// right-hand side of a lookup, in for a Subquery of many rows), Update's
// Set, OrderBy (with Asc and Desc), and aggregates (Sum of a Case is
// Django's conditional aggregation). As in Django, a string argument of a
// function, When or Default names a field; wrap text in Value.
//
//	products.OrderBy(orm.Lower("name"))
//	products.Update(ctx, orm.Set{"price": orm.Case(
//		orm.When(orm.Q{"price__gte": 100}, orm.F("price").Mul("0.9")),
//		orm.Default("price"))})
//	products.Aggregate(ctx, orm.Sum(orm.Case(
//		orm.When(orm.Q{"status": "published"}, "price"), orm.Default(0))).As("published"))
//	big := invoices.Filter(orm.Q{"customer": orm.OuterRef("pk"), "total__gt": 20})
//	customers.Filter(orm.Exists(big))
//	customers.Filter(orm.Q{"id__in": orm.Subquery(big.ValuesList("customer"))})
//
// Subquery and Exists take any model's QuerySet, Values or ValuesList
// (the sealed [InnerQuery] interface), so the inner query keeps its own
// type checks; [OuterRef] inside it names a field of the enclosing query.
// The inner query is written into the one statement: its tables are
// aliased U0, U1 ... (V0 ... one level deeper), its values are bound and
// numbered with the outer query's ($n on PostgreSQL, :n on Oracle).
// Function names and SQL keywords are program constants; a mistake —
// an unknown field, an OuterRef outside a subquery, a subquery used as a
// value that selects other than one column, an empty When — is an error
// wrapping [ErrInvalidQuery] and nothing is sent. Each function's doc
// gives its SQL per backend.
//
// Dates and numbers: [Trunc] (and [TruncDate], [TruncYear] ...
// [TruncSecond]), [Extract], [Cast], [CastDecimal], [Round], [Mod]. Their
// kinds (Trunc's "month", Cast's "IntegerField", Extract's "quarter") are
// looked up in fixed lists and never written: the SQL is the dialect's
// template for the kind (dialect.TruncSQL, CastSQL). Every function has an
// output kind, so a Filter on its annotation binds the value as that kind
// (a time.Time compared with TruncMonth is written as the backend stores
// date-times) and AllAnnotated and Values read it as that kind's Go type
// (time.Time, int64, float64, decimal.Decimal, string).
//
// Window functions: [Window] of [RowNumber], [Rank], [DenseRank],
// [PercentRank], [CumeDist], [Ntile], [Lag], [Lead], [FirstValue],
// [LastValue], [NthValue] or an aggregate, with [PartitionBy], [OrderBy]
// and a frame ([RowRange], [ValueRange]), used in Annotate. A Filter on a
// window's name is applied through the derived table "qualify", as in
// Django 4.2:
//
//	orm.Objects[Track](db).
//		Annotate(orm.Window(orm.RowNumber(), orm.PartitionBy("genre"), orm.OrderBy("-milliseconds")).As("rn")).
//		Filter(orm.Q{"rn": 1})
//
// Set operations: [QuerySet.Union], [QuerySet.UnionAll],
// [QuerySet.Intersection] and [QuerySet.Difference], then OrderBy, Limit,
// Offset and the reading methods; anything else after them is an error, as
// in Django, so an Update or Delete never reaches the whole table.
// [QuerySet.Explain] returns the plan, with [ExplainFormat] and
// [ExplainFlag] checked against the backend's list. [Scalar] and [ValueAs]
// read an aggregate or annotation as a Go type.
//
// # Relations
//
// Lookups span foreign keys in both directions. Forward, a path names the
// key and a field of its target ("category__name"). Backward, it names the
// reverse relation's query name — the foreign key's related_name, else the
// lowercased name of the model holding it, as in Django — and a field of
// that model: Objects[Category](db).Filter(orm.Q{"products__price__gt": 10}).
// Go has no registry of types at init time, so a reverse relation is
// known once the model holding the foreign key has been registered
// ([Register]) or used; an unknown name is an error listing the known
// ones and saying so. A reverse relation is multi-valued: a Filter across
// it is a join and may return a row once per related row, as in Django
// (Distinct removes the duplicates); the conditions of one Filter call
// share a join, each further call gets its own. Exclude (and Not) across
// it is NOT (EXISTS (subquery)), Django's split_exclude: "no related row
// matches", where a join would mean "some related row does not".
//
// A [OneToOne] field is a foreign key with a UNIQUE column whose reverse
// side is single-valued: Q{"profile__bio__icontains": "x"} from the
// referenced model is a join that every Filter call shares, Exclude
// across it is that join made LEFT OUTER with Django's NULL guard (not
// NOT EXISTS), and [ReverseOne] fetches the one object (ErrDoesNotExist
// when there is none). OneToOne is its own type, not FK with unique,
// because Django keeps a unique ForeignKey's reverse side multi-valued.
//
// A [ManyToMany] field is a join table <table>_<field> (or db_table) with
// an automatic id, the keys <model>_id and <target>_id (ON DELETE
// CASCADE both, indexed) and a UNIQUE pair, created by Migrate after the
// model's table: migrate the target first, as for a foreign key. In
// lookups it is a multi-valued relation in both directions — the field's
// name from its model (Q{"tags__name": "go"}), the related_name (else the
// lowercased model name) from the target (Q{"posts__title": "x"}) —
// with the duplicates, per-Filter joins and NOT EXISTS exclusion of a
// reverse foreign key; a path ending at the relation ("tags",
// "tags__in") compares the join table's key without joining the target.
// [M2M] returns one object's side of the relation, [ManyRelated], with
// Add, Remove, Set, Clear and Query (a QuerySet of the related objects):
//
//	tags, err := orm.M2M[Tag](&post, "tags")
//	err = tags.Add(ctx, db, &golang, &databases) // existing pairs are ignored
//	err = tags.Set(ctx, db, &golang)             // one transaction
//	list, err := tags.Query(db).OrderBy("name").All(ctx)
//
// The manager is a function of the object rather than methods of the
// field because a field value cannot find the row holding it (Go has no
// pointer from a field to its struct), the target's side has no field
// at all, and a method cannot take the type parameter the reverse side
// needs. [ManyToManyTables] describes the join tables.
//
// [QuerySet.Annotate] adds computed values per row: aggregates over the
// related rows (Count("products"), Sum("products__price")) group the
// query by every selected column, which every backend accepts (Django
// groups by the key alone where PostgreSQL allows it); a Filter on an
// aggregate's name goes to HAVING, OrderBy and Values may name it, and
// Values(...).Annotate(...) groups by the values' fields. The values
// reach Go through [QuerySet.AllAnnotated], beside each object in a
// map[string]any typed as Aggregate documents: a model struct describes
// the table, and a query-specific value has no field to go to (a typed
// field per annotation would tie the struct to one query).
//
// [QuerySet.SelectRelated] loads the targets of foreign keys (and
// OneToOne fields) with JOINs in the same statement, and
// [QuerySet.PrefetchRelated] loads reverse relations, many-to-many
// relations (and foreign keys) with one more statement per relation:
// the cure for the N+1 problem. A loaded target is kept in the [FK]
// (FK.Loaded; FK.Get then sends nothing); prefetched reverse rows land in
// a field of type [Reverse] declared on the referenced model with
// related=<query name>, so they stay typed ([]Product, not []any); a
// prefetched many-to-many set lands in the ManyToMany field itself
// (ManyToMany.Loaded), read with the join table joined to the target.
//
// # Deleting
//
// [QuerySet.Delete] and [Delete] carry out every foreign key's on_delete
// option themselves, on every backend, as Django's Collector does: the
// database's ON DELETE rules are not relied on, so a SQLite connection
// without _fk=1, a table another tool created, or a backend that rejects a
// rule (InnoDB and Oracle have no ON DELETE SET DEFAULT) changes nothing.
// In one transaction (a savepoint inside an outer [Atomic]) Delete reads
// the keys of the rows to delete and, for each foreign key pointing at
// them:
//
//   - cascade: the referring rows are deleted too, recursively; when
//     nothing refers to the referring model, with DELETE ... WHERE fk IN
//     (...) without reading them (Django's fast delete);
//   - protect: nothing is deleted and the error is a [*ProtectedError]
//     naming the model, the foreign key and the keys of the protecting
//     rows (errors.Is [ErrProtected] and [ErrForeignKeyViolation]);
//   - restrict: the same with a [*RestrictedError] ([ErrRestricted]),
//     unless every restricting row is deleted by this Delete through
//     another cascade (Django's RESTRICT);
//   - set_null, set_default, set(N): one UPDATE per foreign key gives the
//     referring rows NULL, the field's default, or key N (a key that does
//     not exist, or that this Delete removes, is an error wrapping
//     ErrForeignKeyViolation rather than rows pointing at nothing);
//   - do_nothing: nothing; the database does what its own rule says.
//
// ManyToMany join rows of deleted objects (of either side) are deleted
// with them. Rows are deleted after the rows that refer to them, and key
// lists are sent in batches within the dialect's parameter and IN-list
// limits. A model that nothing refers to (or only do_nothing foreign keys)
// is deleted with one DELETE statement and no transaction, as before.
// [DeletedPerModel] gives the rows deleted per model, as Django's delete()
// returns them. BeforeDelete is called by [Delete] for its object only.
//
// The collector knows the foreign keys of every model whose metadata has
// been built: Go has no registry of types at init time, so [Register]
// every model at start-up (Migrate and first use register too), as
// Django's app registry loads every model; the table of each must exist
// where rows of its targets are deleted. The DDL keeps ON DELETE clauses
// as a backstop for deletes made outside the ORM: CASCADE for cascade, SET
// NULL for set_null, NO ACTION (the delete is refused) for protect,
// restrict, set_default and set(N), none for do_nothing.
//
// # Errors
//
// Get and Refresh report a missing row with an error wrapping
// [ErrDoesNotExist], which errors.Is also matches against sql.ErrNoRows;
// Get reports several rows with [ErrMultipleObjectsReturned]. A statement
// that breaks a constraint returns a [*ConstraintError] (errors.Is with
// [ErrUniqueViolation], [ErrForeignKeyViolation], [ErrNotNullViolation],
// [ErrCheckViolation]), classified by the driver's error code and wrapping
// the driver's own error. A call the ORM cannot build wraps
// [ErrInvalidQuery]. Nothing in this package panics across its API.
//
// # Validation and hooks
//
// [FullClean] is Django's full_clean without the database: null, blank,
// choices, max_length, email/URL/slug/UUID formats, decimal digits, field
// validators attached by a Validators method (see [Validating] and
// [Validator]), then the model's Clean method. It returns a
// [*ValidationError] mapping field names to Django's messages. Save does
// not call it, as in Django.
//
// Optional methods [BeforeSaver], [AfterSaver] and [BeforeDeleter] run
// around Save/Create and [Delete] with the call's context (not for rows
// deleted by a cascade, nor by QuerySet.Delete, as in Django); Python SQLORM.s
// AuditModel sets created_by and updated_by from a user carried in the
// context.
//
// # Transactions and dialects
//
// Every statement runs on the *sql.Tx carried by the context, if any, else
// on the *sql.DB passed to the call: [WithTx] puts a transaction that other
// code began into the context (the transactions work builds Atomic and
// savepoints on the same context value). The SQL dialect is detected from
// the *sql.DB's driver on each call (no query, no allocation);
// [WithDialect] overrides it, for go-sqlmock or an unknown driver.
//
// # Several databases
//
// Every call that takes a database takes a [DB]: a *sql.DB, which runs
// every call on itself exactly as before, or a [*Databases], which holds
// several by alias (Django's DATABASES; driver.OpenAll opens the aliases
// of a configuration file) and lets [Router]s choose one per call (Django's
// DATABASE_ROUTERS: db_for_read, db_for_write, allow_relation,
// allow_migrate). [PrimaryReplica] is the built-in router: writes to the
// primary, reads to the replicas in turn, skipping one whose health check
// failed and running a read that could not reach its replica again
// elsewhere, so a stopped replica costs no error; [StickyAfterWrite] with a
// [Sticky] context reads the primary for a while after that context's
// write. Two rules come before any router: everything inside an Atomic
// block runs in its transaction (on the primary, so a block reads its own
// writes), and [QuerySet.Using] or [Databases.Using] pins a call to an
// alias:
//
//	dbs, err := orm.NewDatabases(raw, orm.WithRouters(orm.PrimaryReplica("default", []string{"replica"})))
//	n, err := orm.Objects[Book](dbs).Count(ctx)                   // the replica
//	err = orm.Atomic(ctx, dbs, func(ctx context.Context) error {  // the primary
//		return orm.Objects[Book](dbs).Create(ctx, &b)
//	})
//	rows, err := orm.ExecuteRawSQL(ctx, dbs.Using("replica"), q) // the replica
//
// [MigrateDatabases] creates a table where allow_migrate says. Functions
// FK.Get, ManyRelated and ReverseOne still take a *sql.DB: pass
// Databases.DB(alias) or the *sql.DB of a transaction's database.
//
// # Values on each backend
//
// Datetimes are written in UTC, truncated to the microsecond, and read back
// in UTC; dates keep the calendar date of the value in its own location and
// read back at midnight UTC; times of day keep the clock and read back on
// January 1 of year 0. Booleans are 1/0 where the backend has no boolean
// type. UUIDs are stored as the canonical 36-character text (native uuid on
// PostgreSQL). Durations are microseconds (bigint) on SQLite and MySQL,
// interval on PostgreSQL and Oracle. JSON is encoded with encoding/json.
//
// Decimals are written rounded to decimal_places, half to even (as Django
// does), and come back exactly on PostgreSQL, MySQL/MariaDB and Oracle.
// SQLite has no decimal type: its NUMERIC affinity stores them as REAL,
// which keeps 15 significant digits, so on SQLite a decimal reads back
// rounded to 15 significant digits and then to decimal_places, half to even
// — Django's SQLite behaviour. Every value of at most 15 significant digits
// round-trips exactly; arithmetic done in SQL on SQLite is floating point.
//
// On SQLite, datetimes are stored as fixed-width UTC text
// ("2006-01-02 15:04:05.000000+00:00"), dates as "2006-01-02" and times as
// "15:04:05.000000", so text order is time order. On Oracle, as in Django,
// an empty string is stored as NULL and read back as "".
//
// # Departures from Django
//
//   - Embedding is the abstract base; there is no multi-table inheritance.
//   - A model must declare its primary key (embed Model): Go cannot add a
//     field to a struct.
//   - on_delete=set(N) takes a key, not a callable (a Go struct tag holds
//     text); Django's SET(callable) has no counterpart.
//   - choices become a CHECK constraint as well as a validation.
//   - Defaults are also written into the table's DDL.
//   - FullClean does not check uniqueness against the database; the
//     database reports a violation as ErrUniqueViolation.
//   - The key is read back with LastInsertId where the driver reports it,
//     RETURNING otherwise (PostgreSQL), RETURNING INTO on Oracle.
//
// # Departures from Django in queries
//
//   - Trunc works in UTC, the zone sqlorm stores date-times in (Django
//     truncates in the current time zone); a TimeField cannot be truncated.
//     Lag and Lead with a default are refused on the MySQL dialect
//     (MariaDB has no such argument). A combined query (Union ...) uses
//     the model's Meta.Ordering when not ordered, so First and Last are
//     well defined; the QuerySets combined ignore theirs. Combining an
//     annotated QuerySet, or a combined one, is not supported. A Filter on
//     a window may name, beside it, only the model's own fields and
//     annotations. Explain is refused on Oracle, as in Django.
//   - Conditions are [Q] maps. Go maps have no order, so the keys of one Q
//     are AND-ed in sorted order: the SQL of a query is the same on every
//     run. Positional arguments to Filter are AND-ed in the order given.
//   - Slicing is Limit and Offset. A negative value is an error, as a
//     negative index is in Django; Filter, Exclude, Update and Delete after
//     a slice are errors, as they are in Django.
//   - On SQLite, contains, startswith and endswith are case-sensitive, as
//     on every other backend; Django inherits SQLite's case-insensitive
//     LIKE. sqlorm renders them with GLOB and the icontains family with
//     LIKE (package lookups documents the SQL for each backend).
//   - On MySQL and MariaDB, which report rows changed unless the
//     connection sets CLIENT_FOUND_ROWS, Update and BulkUpdate count the
//     rows matched themselves (SELECT COUNT(*) ... FOR UPDATE then the
//     UPDATE, in one transaction) and Save checks for its row when the
//     UPDATE changed none; through the sqlorm driver with
//     clientFoundRows=true in the URL no extra statement is sent.
//   - Values rows are map[string]any, ValuesList rows []any, and
//     ValuesListFlat is a generic function returning []V, since a Go method
//     cannot introduce a type parameter. Aggregate returns a map keyed by
//     Django's default names (price__sum) or by As.
//   - Iterator returns an iter.Seq2[T, error] and needs an explicit chunk
//     size (Django's default is 2000); every driver streams rows, so the
//     chunk size does not change what is held in memory, except with
//     PrefetchRelated, which prefetches per chunk as Django 4.1+ does. Its
//     prefetch queries use a second connection while the rows stream, so
//     Iterator with PrefetchRelated is refused inside a transaction and on
//     a *sql.DB limited to one connection; Iterator after Annotate is
//     refused (it yields bare objects: use AllAnnotated).
//   - Update and Delete without any condition are errors (Django allows
//     Model.objects.update() and .all().delete()); Filter(AllRows()) says
//     every row is meant. Or leaves out an empty Q, as Django's Q() | q is q.
//   - An empty in, Limit(0) or None sends no statement at all, also for
//     Count, Exists, Aggregate, Update and Delete; Django does the same for
//     most terminal methods.
//   - Values that cannot be compared with a field (1.5 for an integer
//     field, nil with a lookup other than exact or isnull, a range without
//     exactly two values, in with a single value) are errors before any
//     statement is sent, where Django often coerces or lets the database
//     decide.
//   - Raw SQL is only accepted by functions whose names say so ([Raw],
//     [ExecuteRawSQL], [Exec]); there is no extra() and no RawSQL inside a
//     QuerySet.
//   - The left-hand side of a lookup is a field path or an annotation's
//     name: a function of a field is compared through Annotate, as in
//     Django (Annotate(Lower("name").As("lname")).Filter(Q{"lname":
//     "x"}), in WHERE; an aggregate's name goes to HAVING). There is no
//     alias() (an expression filtered on without being selected).
//     Functions and Case are otherwise right-hand sides, orderings, values
//     of Update and arguments of aggregates; Values does not select
//     expressions yet.
//   - Now() compares with sqlorm's stored datetimes on every backend: on
//     SQLite it is the fixed-width UTC text sqlorm stores (to the
//     millisecond, SQLite's clock), on MySQL UTC_TIMESTAMP(6) and on
//     Oracle SYS_EXTRACT_UTC(SYSTIMESTAMP), where Django uses the
//     session-time-zone CURRENT_TIMESTAMP; PostgreSQL's is Django's
//     STATEMENT_TIMESTAMP().
//   - Concat is written flat (each argument coalesced to the empty string
//     and joined with ||; one CONCAT_WS on MySQL) where Django nests
//     ConcatPairs; the result is the same. On PostgreSQL a Go value in a Case or
//     Coalesce is cast to the type of the field it is compared with or
//     stored in (else to one following from its Go type), since pgx binds
//     on the server, where an untyped parameter would be text.
//   - A When whose condition can match no row (an empty in) is left out,
//     and a Case left without When is its Default, as Django does; a
//     Subquery that can match no row is written with WHERE 1 = 0, and an
//     Exists that can match no row matches nothing without a statement.
//   - A multi-valued join (reverse relation) multiplies rows, as in
//     Django: two aggregates over different multi-valued relations count
//     each other's rows (Count(...).Distinct() avoids it for Count). On
//     Oracle, text (NCLOB) columns cannot be grouped, so Annotate with an
//     aggregate fails for models with text fields there.
//   - Annotate: a Filter that mixes an aggregate's name with other
//     lookups inside Or or Not goes to HAVING whole; Update and Delete
//     after Annotate and an annotation aggregating another are not
//     supported yet (errors, nothing sent). Aggregate after Annotate reads
//     the annotated rows as a subquery, as Django does, and its aggregates
//     take an annotation or a field of the model by name, not a path or an
//     expression (annotate it first). Without OrderBy an aggregating query
//     has no ordering (Django 3.1+ ignores Meta.Ordering there too).
//   - SelectRelated follows foreign keys only, with explicit paths (no
//     argument-less "all non-null keys"); PrefetchRelated takes names, not
//     Prefetch objects with a custom QuerySet, orders reverse rows by the
//     related Meta.Ordering else by key, and puts them in an orm.Reverse
//     field the model must declare. Two reverse relations of one model
//     under the same query name are reported when used, not at
//     registration (Django's checks E304/E305).
//   - An FK holds a pointer to the object SelectRelated or
//     PrefetchRelated loaded: == on FKs compares it too; compare IDs.
//     Set does not cache the object (Django's assignment does).
//   - ManyToMany has no custom through model and no symmetrical
//     relation to self (Django's default there): a ManyToMany to the
//     model itself is one-way, with from_<model>_id and to_<model>_id,
//     and its reverse side has the lowercased model name. Its changes go
//     through [M2M]'s manager, which holds the object's key (taken when
//     M2M was called) and no database; Add and Set take objects, not
//     keys. There are no m2m_changed signals.
//   - Add ignores existing pairs with one INSERT; on MySQL and MariaDB it
//     uses a no-op ON DUPLICATE KEY UPDATE where Django's INSERT IGNORE
//     would also hide a missing object; Oracle reads the present pairs
//     first, in a transaction, as Django does everywhere.
//   - ManyRelated.Query filters the target with IN (SELECT ... FROM the
//     join table), where Django joins it: each object once either way.
//   - The reverse side of a OneToOne is reached through lookups,
//     [ReverseOne] and PrefetchRelated (into an orm.Reverse field holding
//     at most one object); SelectRelated does not follow it, and a
//     OneToOne cannot be the primary key (no multi-table inheritance).
//   - A Subquery keeps its ordering only when it is sliced; OuterRef refers
//     to the query immediately enclosing the subquery (no
//     OuterRef(OuterRef(...))). Not(Exists(q)) is written
//     NOT (EXISTS (...)). MySQL and MariaDB refuse Limit in a subquery
//     under in, as they do for Django.
package orm
