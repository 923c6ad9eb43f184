package orm

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// DB is what an ORM call runs on: a *sql.DB (one database, no routing:
// every call runs on it, as it always has) or a *Databases (every alias of
// a configuration, with routers choosing one per call, Django's DATABASES
// and DATABASE_ROUTERS). Other types that happen to have these methods
// are refused with an error naming them.
type DB interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
	PingContext(ctx context.Context) error
	Driver() driver.Driver
}

var (
	_ DB = (*sql.DB)(nil)
	_ DB = (*Databases)(nil)
)

// ErrUnknownAlias is wrapped by the error of a call made through
// Databases.Using, or routed by a Router, to an alias the Databases does
// not hold.
var ErrUnknownAlias = errors.New("sqlorm: unknown database alias")

// Databases holds every database of a configuration by alias (Django's
// DATABASES) and the routers that choose one per call (DATABASE_ROUTERS).
// Pass it wherever an ORM call takes a DB:
//
//	dbs, err := orm.NewDatabases(map[string]*sql.DB{"default": primary, "replica": replica},
//		orm.WithRouters(orm.PrimaryReplica("default", []string{"replica"})))
//	books, err := orm.Objects[Book](dbs).All(ctx)     // read: the replica
//	err = orm.Objects[Book](dbs).Create(ctx, &b)      // write: the primary
//	n, err := orm.Objects[Book](dbs).Using("default").Count(ctx)
//
// Each call asks the routers in order (Router.DBForRead for reads,
// DBForWrite for writes); the first alias named wins, and when none names
// one the call runs on the default alias. Two rules come before the
// routers: a call made through Using runs on that alias, and a call whose
// context carries a transaction on one of these databases (Atomic, WithTx)
// runs in it, reads included, so a block reads its own writes. Reads are
// QuerySet methods returning rows, counts or aggregates, Raw and Refresh;
// writes are Create, Save, Delete, Update, the bulk methods,
// GetOrCreate/UpdateOrCreate, SelectForUpdate queries, Atomic, Exec and
// ExecuteRawSQL (raw SQL may write, so it goes where writes go unless
// Using says otherwise).
//
// A Databases is safe for concurrent use. Values returned by Using share
// its databases and routers.
type Databases struct {
	set *dbSet
	pin string // Using: the alias every call runs on; "" routes
}

// dbSet is what a Databases and its Using views share.
type dbSet struct {
	byAlias map[string]*sql.DB
	aliases []string // sorted
	def     string
	routers []Router

	closeOnce sync.Once
	stop      chan struct{}
	wg        sync.WaitGroup
}

// DatabasesOption configures NewDatabases.
type DatabasesOption func(*dbSet) error

// WithRouters sets the routers, consulted in order (Django's
// DATABASE_ROUTERS). A router bound to other Databases already is an
// error.
func WithRouters(routers ...Router) DatabasesOption {
	return func(s *dbSet) error {
		for i, r := range routers {
			if r == nil {
				return fmt.Errorf("sqlorm: WithRouters: router %d is nil", i)
			}
		}
		s.routers = append(s.routers, routers...)
		return nil
	}
}

// WithDefault names the alias a call runs on when no router names one.
// Without it that is "default", or the only alias when there is one.
func WithDefault(alias string) DatabasesOption {
	return func(s *dbSet) error { s.def = alias; return nil }
}

// NewDatabases returns the databases dbs (alias to *sql.DB, e.g. the
// result of opening every entry of driver.ConfigsFromFile) routed by the
// routers of the options. A nil *sql.DB, an empty map, a default alias
// that is not in dbs and a router naming an alias not in dbs are errors.
// Close stops the routers' health checks; the *sql.DBs stay the caller's
// to close.
func NewDatabases(dbs map[string]*sql.DB, opts ...DatabasesOption) (*Databases, error) {
	if len(dbs) == 0 {
		return nil, errors.New("sqlorm: NewDatabases: no database; give at least one alias and its *sql.DB")
	}
	s := &dbSet{byAlias: make(map[string]*sql.DB, len(dbs)), stop: make(chan struct{})}
	for a, db := range dbs {
		if a == "" {
			return nil, errors.New("sqlorm: NewDatabases: an empty alias; name every database")
		}
		if db == nil {
			return nil, fmt.Errorf("sqlorm: NewDatabases: alias %q has a nil *sql.DB", a)
		}
		s.byAlias[a] = db
		s.aliases = append(s.aliases, a)
	}
	slices.Sort(s.aliases)
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(s); err != nil {
			return nil, err
		}
	}
	if s.def == "" {
		if _, ok := s.byAlias["default"]; ok || len(s.aliases) > 1 {
			s.def = "default"
		} else {
			s.def = s.aliases[0]
		}
	}
	if _, ok := s.byAlias[s.def]; !ok {
		return nil, fmt.Errorf("%w %q as the default; known: %s; name one with WithDefault", ErrUnknownAlias, s.def, strings.Join(s.aliases, ", "))
	}
	for _, r := range s.routers {
		if b, ok := r.(binder); ok {
			if err := b.bind(s); err != nil {
				s.shutdown()
				return nil, err
			}
		}
	}
	return &Databases{set: s}, nil
}

// binder is a router that needs the databases: the built-in replica
// router checks their health.
type binder interface {
	bind(s *dbSet) error
	unbind()
}

// Close stops the routers' health checks; the *sql.DBs stay open (they
// are the caller's). Calls made afterwards still run, without health
// checks. It is safe to call more than once.
func (d *Databases) Close() error {
	if d == nil || d.set == nil {
		return nil
	}
	return d.set.shutdown()
}

func (s *dbSet) shutdown() error {
	s.closeOnce.Do(func() {
		close(s.stop)
		s.wg.Wait()
		for _, r := range s.routers {
			if b, ok := r.(binder); ok {
				b.unbind()
			}
		}
	})
	return nil
}

// Aliases returns the aliases, sorted.
func (d *Databases) Aliases() []string { return slices.Clone(d.set.aliases) }

// Default returns the alias calls run on when no router names one.
func (d *Databases) Default() string { return d.set.def }

// DB returns the *sql.DB of alias, or an error wrapping ErrUnknownAlias
// naming the known ones.
func (d *Databases) DB(alias string) (*sql.DB, error) {
	if d == nil || d.set == nil {
		return nil, errNilDB
	}
	return d.set.db(alias)
}

func (s *dbSet) db(alias string) (*sql.DB, error) {
	if db, ok := s.byAlias[alias]; ok {
		return db, nil
	}
	return nil, fmt.Errorf("%w %q; known: %s", ErrUnknownAlias, alias, strings.Join(s.aliases, ", "))
}

// Using returns a view of d on which every call runs on alias, routers
// aside (Django's using()): pass it to Atomic, Exec, ExecuteRawSQL, Raw,
// Save, Objects and the rest. An unknown alias makes those calls fail
// with an error wrapping ErrUnknownAlias.
func (d *Databases) Using(alias string) *Databases {
	if d == nil {
		return nil
	}
	return &Databases{set: d.set, pin: alias}
}

// ModelRefOf describes model T for routers; ok is false when T is not a
// valid model (then only Type and Name are set).
func ModelRefOf[T any]() (m ModelRef, ok bool) {
	t := reflect.TypeFor[T]()
	mi, err := infoFor(t)
	if err != nil {
		return ModelRef{Type: t, Name: typeName(t)}, false
	}
	return mi.routeModel(), true
}

func (m *modelInfo) routeModel() ModelRef { return ModelRef{Type: m.typ, Name: m.name, Table: m.table} }

// routeModelOf is the Model of t for routing, quietly partial for an
// invalid model (whose call then fails with the model's error).
func routeModelOf(t reflect.Type) ModelRef {
	if t == nil {
		return ModelRef{}
	}
	if mi, err := infoFor(t); err == nil {
		return mi.routeModel()
	}
	return ModelRef{Type: t, Name: typeName(t)}
}

// ForRead returns the alias and database a read of model m with ctx goes
// to, as ORM calls choose it: what tests and logs use to see the routing.
func (d *Databases) ForRead(ctx context.Context, m ModelRef) (string, *sql.DB, error) {
	a, db, _, err := d.route(ctx, m, false)
	return a, db, err
}

// ForWrite is ForRead for a write.
func (d *Databases) ForWrite(ctx context.Context, m ModelRef) (string, *sql.DB, error) {
	a, db, _, err := d.route(ctx, m, true)
	return a, db, err
}

// route picks the database of a call: Using's alias, else the database of
// a transaction ctx carries, else the first router's answer, else the
// default. routed says the routers (or the default) chose it: only such a
// read may fail over to another database.
func (d *Databases) route(ctx context.Context, m ModelRef, write bool) (alias string, db *sql.DB, routed bool, err error) {
	if d == nil || d.set == nil {
		return "", nil, false, errNilDB
	}
	s := d.set
	if d.pin != "" {
		db, err := s.db(d.pin)
		return d.pin, db, false, err
	}
	for st := stateOf(ctx); st != nil; st = st.outer {
		if st.db == nil { // WithTx: the transaction's database is not known; writes go there
			return s.def, s.byAlias[s.def], false, nil
		}
		for _, a := range s.aliases {
			if s.byAlias[a] == st.db {
				return a, st.db, false, nil
			}
		}
	}
	for _, r := range s.routers {
		var a string
		if write {
			a = r.DBForWrite(ctx, m)
		} else {
			a = r.DBForRead(ctx, m)
		}
		if a != "" {
			db, err := s.db(a)
			if err != nil {
				return "", nil, false, fmt.Errorf("sqlorm: router %T sent %s to: %w", r, m.describe(), err)
			}
			return a, db, true, nil
		}
	}
	return s.def, s.byAlias[s.def], true, nil
}

// AllowRelation reports whether a relation between rows of models a and b
// is allowed (Django's allow_relation): the first router with an opinion
// decides; without one it is allowed.
func (d *Databases) AllowRelation(a, b ModelRef) bool {
	for _, r := range d.set.routers {
		switch r.AllowRelation(a, b) {
		case Allow:
			return true
		case Deny:
			return false
		}
	}
	return true
}

// AllowMigrate reports whether model m's table belongs in the database of
// alias (Django's allow_migrate): the first router with an opinion
// decides; without one it does. Migrate with a Databases creates tables
// only where this says so.
func (d *Databases) AllowMigrate(alias string, m ModelRef) bool {
	for _, r := range d.set.routers {
		switch r.AllowMigrate(alias, m) {
		case Allow:
			return true
		case Deny:
			return false
		}
	}
	return true
}

// The DB methods of a Databases run on the alias of Using, else on the
// default alias (where raw writes go): for code that needs a database/sql
// handle. ORM calls route; these do not.

// ExecContext runs query on the default alias (or Using's).
func (d *Databases) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	db, err := d.handle()
	if err != nil {
		return nil, err
	}
	return db.ExecContext(ctx, query, args...)
}

// QueryContext runs query on the default alias (or Using's).
func (d *Databases) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	db, err := d.handle()
	if err != nil {
		return nil, err
	}
	return db.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query on the default alias (or Using's). For an
// unknown alias the row's Scan returns the error.
func (d *Databases) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	db, err := d.handle()
	if err != nil {
		fail := sql.OpenDB(failConnector{err})
		defer fail.Close()
		return fail.QueryRowContext(ctx, query, args...)
	}
	return db.QueryRowContext(ctx, query, args...)
}

// failConnector is a connector that cannot connect: how QueryRowContext
// hands an error to a *sql.Row.
type failConnector struct{ err error }

func (c failConnector) Connect(context.Context) (driver.Conn, error) { return nil, c.err }
func (c failConnector) Driver() driver.Driver                        { return failDriver(c) }

type failDriver struct{ err error }

func (d failDriver) Open(string) (driver.Conn, error) { return nil, d.err }

// BeginTx begins a transaction on the default alias (or Using's).
func (d *Databases) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error) {
	db, err := d.handle()
	if err != nil {
		return nil, err
	}
	return db.BeginTx(ctx, opts)
}

// PingContext pings every database (Using's alias only, on a Using view)
// and reports every failure, naming the alias.
func (d *Databases) PingContext(ctx context.Context) error {
	if d == nil || d.set == nil {
		return errNilDB
	}
	aliases := d.set.aliases
	if d.pin != "" {
		aliases = []string{d.pin}
	}
	var errs []error
	for _, a := range aliases {
		db, err := d.set.db(a)
		if err == nil {
			err = db.PingContext(ctx)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", a, err))
		}
	}
	return errors.Join(errs...)
}

// Driver returns the driver of the default alias (or Using's), nil for
// an unknown alias.
func (d *Databases) Driver() driver.Driver {
	db, err := d.handle()
	if err != nil {
		return nil
	}
	return db.Driver()
}

func (d *Databases) handle() (*sql.DB, error) {
	if d == nil || d.set == nil {
		return nil, errNilDB
	}
	if d.pin != "" {
		return d.set.db(d.pin)
	}
	return d.set.byAlias[d.set.def], nil
}

// split returns the *sql.DB a call on h runs on when nothing routes it,
// and the Databases that routes it (nil for a *sql.DB). A nil h or nil
// *sql.DB gives (nil, nil, nil): the call then reports the missing
// database as it always has, or joins the transaction WithTx put in the
// context.
func split(h DB) (*sql.DB, *Databases, error) {
	switch x := h.(type) {
	case *sql.DB:
		return x, nil, nil
	case nil:
		return nil, nil, nil
	case *Databases:
		if x == nil || x.set == nil {
			return nil, nil, errNilDB
		}
		db, err := x.handle()
		return db, x, err
	}
	return nil, nil, fmt.Errorf("sqlorm: %T is not a database ORM calls can run on; pass a *sql.DB or an *orm.Databases", h)
}

// target resolves the database of a call on h for model t (nil for raw
// SQL): h itself for a *sql.DB, the routed alias for a Databases.
func target(ctx context.Context, h DB, t reflect.Type, write bool) (*sql.DB, error) {
	if db, ok := h.(*sql.DB); ok {
		return db, nil
	}
	db, dbs, err := split(h)
	if err != nil || dbs == nil {
		return db, err
	}
	_, db, _, err = dbs.route(ctx, routeModelOf(t), write)
	return db, err
}

// targetRead is target for a read; the context it returns marks a read
// the routers chose, which may fail over (see failover).
func targetRead(ctx context.Context, h DB, t reflect.Type) (*sql.DB, context.Context, error) {
	if db, ok := h.(*sql.DB); ok {
		return db, ctx, nil
	}
	db, dbs, err := split(h)
	if err != nil || dbs == nil {
		return db, ctx, err
	}
	_, db, routed, err := dbs.route(ctx, routeModelOf(t), false)
	if routed {
		ctx = &routedCtx{ctx}
	}
	return db, ctx, err
}

// routedCtx marks the context of a read that the routers sent where they
// chose: when its replica cannot be reached the read runs elsewhere. A
// plain *sql.DB's reads and reads pinned with Using never fail over.
type routedCtx struct{ context.Context }

type routedKey struct{}

// Value answers routedKey, and asks the parent for everything else.
func (c *routedCtx) Value(key any) any {
	if _, ok := key.(routedKey); ok {
		return c
	}
	return c.Context.Value(key)
}

// isRouted reports whether ctx is the context of a routed read.
func isRouted(ctx context.Context) bool {
	_, ok := ctx.Value(routedKey{}).(*routedCtx)
	return ok
}

// boundQS is a QuerySet bound to its routed database and the context of
// its read, in one allocation.
type boundQS[T any] struct {
	qs  QuerySet[T]
	ctx routedCtx
}

// forRead returns the QuerySet bound to the database a read of it goes
// to, and the context to run it with: qs and ctx themselves when qs was
// made from a *sql.DB (nothing to route), else a copy whose database is
// the routed one (a SelectForUpdate query is a write) and, for a read the
// routers chose, a context that lets it fail over. A routing failure is
// recorded as the copy's error.
func (qs *QuerySet[T]) forRead(ctx context.Context) (*QuerySet[T], context.Context) {
	if qs == nil || qs.dbs == nil {
		return qs, ctx
	}
	b := &boundQS[T]{qs: *qs}
	if b.qs.bind(ctx, reflect.TypeFor[T](), qs.lock.on) {
		b.ctx.Context = ctx
		return &b.qs, &b.ctx
	}
	return &b.qs, ctx
}

// forWrite binds qs for a write, as forRead does; writes never fail over.
func (qs *QuerySet[T]) forWrite(ctx context.Context) *QuerySet[T] {
	if qs == nil || qs.dbs == nil {
		return qs
	}
	n := *qs
	n.bind(ctx, reflect.TypeFor[T](), true)
	return &n
}

// bind replaces the routing of q (a copy) by the database it routes to and
// reports whether a read there may fail over (the routers chose it).
func (q *query) bind(ctx context.Context, t reflect.Type, write bool) bool {
	_, db, routed, err := q.dbs.route(ctx, routeModelOf(t), write)
	q.dbs = nil
	if err != nil {
		q.db = nil
		q.fail(err)
		return false
	}
	q.db = db
	return routed && !write
}

// boundRead is forRead for the query of a Values QuerySet.
func (q *query) boundRead(ctx context.Context, t reflect.Type) (*query, context.Context) {
	if q.dbs == nil {
		return q, ctx
	}
	n := *q
	if n.bind(ctx, t, q.lock.on) {
		return &n, &routedCtx{ctx}
	}
	return &n, ctx
}

// Using returns a new QuerySet that runs on the database of alias,
// routers aside (Django's using()). The QuerySet must come from Objects
// given a *Databases; on one made from a *sql.DB, Using is an error
// reported by the terminal method, as is an unknown alias.
func (qs *QuerySet[T]) Using(alias string) *QuerySet[T] {
	n := qs.clone()
	if n.dbs == nil {
		n.failf("Using(%q): the QuerySet was made from a *sql.DB, which has no aliases; pass an *orm.Databases to Objects", alias)
		return n
	}
	db, err := n.dbs.set.db(alias)
	if err != nil {
		n.fail(fmt.Errorf("%s: Using: %w", typeNameOf[T](), err))
		return n
	}
	n.db = db
	n.dbs = n.dbs.Using(alias)
	return n
}

// MigrateDatabases is Migrate for every database of dbs whose routers
// allow T there (Router.AllowMigrate, Django's allow_migrate; the
// PrimaryReplica router allows the primary only), or for Using's alias
// alone. An error names the alias.
func MigrateDatabases[T any](ctx context.Context, dbs *Databases) error {
	m, err := infoFor(reflect.TypeFor[T]())
	if err != nil {
		return err
	}
	if dbs == nil || dbs.set == nil {
		return errNilDB
	}
	if dbs.pin != "" {
		db, err := dbs.set.db(dbs.pin)
		if err != nil {
			return err
		}
		return Migrate[T](ctx, db)
	}
	return dbs.migrateEach(m, func(db *sql.DB) error { return Migrate[T](ctx, db) })
}

// migrateEach runs migrate on every alias whose routers allow model m.
func (d *Databases) migrateEach(m *modelInfo, migrate func(*sql.DB) error) error {
	for _, a := range d.set.aliases {
		if !d.AllowMigrate(a, m.routeModel()) {
			continue
		}
		if err := migrate(d.set.byAlias[a]); err != nil {
			return fmt.Errorf("sqlorm: migrate on %s: %w", a, err)
		}
	}
	return nil
}
