package orm

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
)

// ModelRef describes the model of a routed call to a Router. Raw SQL (Exec,
// ExecuteRawSQL, Atomic) has no model: Type is nil and the strings empty.
type ModelRef struct {
	Type  reflect.Type // the Go struct type
	Name  string       // its Go name, as in messages
	Table string       // its table
}

func (m ModelRef) describe() string {
	if m.Type == nil {
		return "raw SQL"
	}
	return m.Name
}

// Decision is a router's answer to AllowRelation and AllowMigrate.
type Decision int

// The answers of a router.
const (
	// NoOpinion leaves the decision to the next router (Django's None).
	NoOpinion Decision = iota
	// Allow allows the relation or the migration.
	Allow
	// Deny forbids it.
	Deny
)

// Router chooses databases per model, Django's database router. Each
// method may decline: "" or NoOpinion hands the question to the next
// router of the Databases; when every router declines, reads and writes
// go to the default alias and relations and migrations are allowed.
// Methods are called concurrently and on every ORM call: keep them cheap.
type Router interface {
	// DBForRead returns the alias a read of m goes to (db_for_read).
	DBForRead(ctx context.Context, m ModelRef) string
	// DBForWrite returns the alias a write of m goes to (db_for_write).
	DBForWrite(ctx context.Context, m ModelRef) string
	// AllowRelation says whether rows of a and b may be related
	// (allow_relation).
	AllowRelation(a, b ModelRef) Decision
	// AllowMigrate says whether m's table belongs in alias
	// (allow_migrate).
	AllowMigrate(alias string, m ModelRef) Decision
}

// ReplicaRouter is the built-in primary/replica router (make one with
// PrimaryReplica): writes go to the primary, reads to the replicas in
// turn (round robin, or the least busy with LeastBusy), skipping a replica whose health check failed, and to
// the primary when none is healthy. Inside an Atomic block everything runs
// in the block's transaction, on the primary (a Databases rule, before any
// router). Relations are allowed between models of its databases;
// migrations run on the primary only (replicas receive them by
// replication).
//
// A replica is checked in the background every HealthEvery interval (a
// ping), and marked down at once when a read routed to it fails to reach
// it: that read, which cannot have changed anything, is run again on the
// next healthy replica or the primary, so a stopped replica costs the
// caller no error. Only reads the router chose fail over: a call pinned
// with Using, a write, and the replica's *sql.DB used directly keep their
// error. A down replica comes back after a check succeeds. A ping says the
// server answers, not how far behind it is.
type ReplicaRouter struct {
	primary  string
	replicas []string
	every    time.Duration
	sticky   time.Duration
	least    bool // LeastBusy

	next  atomic.Uint64
	down  []atomic.Bool
	mu    sync.Mutex
	set   *dbSet    // bound by NewDatabases
	dbs   []*sql.DB // the replicas' databases, by index
	bound bool
}

// ReplicaOption configures PrimaryReplica.
type ReplicaOption func(*ReplicaRouter)

// HealthEvery sets how often each replica is pinged (default 1s); 0 or
// less turns the background checks off (a replica is then marked down
// only by a failed read, and never comes back).
func HealthEvery(d time.Duration) ReplicaOption {
	return func(r *ReplicaRouter) { r.every = d }
}

// StickyAfterWrite makes reads go to the primary for d after a write made
// with the same sticky context (see Sticky): the replication lag a caller
// would otherwise see right after its own write. The trade-off: for that
// window those reads load the primary, and only contexts made with Sticky
// are sticky; reads with any other context (other requests, other users)
// may still see the replica's older state, so this is read-your-writes per
// context, not consistency. A window shorter than the replicas' lag does
// not help.
func StickyAfterWrite(d time.Duration) ReplicaOption {
	return func(r *ReplicaRouter) { r.sticky = d }
}

// LeastBusy sends each read to the healthy replica with the fewest
// connections in use (sql.DBStats.InUse) instead of taking them in turn;
// replicas equally busy are taken in turn. It suits replicas of unequal
// speed or long reads; it reads each replica's pool statistics (a mutex)
// on every read.
func LeastBusy() ReplicaOption {
	return func(r *ReplicaRouter) { r.least = true }
}

// PrimaryReplica returns the primary/replica router for the aliases
// given, to pass to WithRouters.
//
//	dbs, err := orm.NewDatabases(map[string]*sql.DB{"default": p, "r1": r1, "r2": r2},
//		orm.WithRouters(orm.PrimaryReplica("default", []string{"r1", "r2"},
//			orm.StickyAfterWrite(2*time.Second))))
func PrimaryReplica(primary string, replicas []string, opts ...ReplicaOption) *ReplicaRouter {
	r := &ReplicaRouter{primary: primary, replicas: slices.Clone(replicas), every: time.Second}
	for _, o := range opts {
		if o != nil {
			o(r)
		}
	}
	r.down = make([]atomic.Bool, len(r.replicas))
	return r
}

// DBForRead returns a healthy replica in turn, or the primary: see
// ReplicaRouter.
func (r *ReplicaRouter) DBForRead(ctx context.Context, _ ModelRef) string {
	if r.sticky > 0 {
		if st, _ := ctx.Value(stickyKey{}).(*stickyState); st != nil && time.Now().UnixNano() < st.until.Load() {
			return r.primary
		}
	}
	return r.pick()
}

// pick returns the next healthy replica, or the primary.
func (r *ReplicaRouter) pick() string {
	n := uint64(len(r.replicas))
	if n == 0 {
		return r.primary
	}
	start := r.next.Add(1)
	best, bestUse := -1, 0
	for i := uint64(0); i < n; i++ {
		k := (start + i) % n
		if r.down[k].Load() {
			continue
		}
		if !r.least || r.dbs == nil {
			return r.replicas[k]
		}
		if use := r.dbs[k].Stats().InUse; best < 0 || use < bestUse {
			best, bestUse = int(k), use
		}
	}
	if best >= 0 {
		return r.replicas[best]
	}
	return r.primary
}

// DBForWrite returns the primary (and starts the sticky window of a
// sticky context).
func (r *ReplicaRouter) DBForWrite(ctx context.Context, _ ModelRef) string {
	if r.sticky > 0 {
		if st, _ := ctx.Value(stickyKey{}).(*stickyState); st != nil {
			st.until.Store(time.Now().Add(r.sticky).UnixNano())
		}
	}
	return r.primary
}

// AllowRelation has no opinion: every model lives in every database of a
// primary and its replicas.
func (r *ReplicaRouter) AllowRelation(a, b ModelRef) Decision { return NoOpinion }

// AllowMigrate allows the primary and denies the replicas, which get the
// tables by replication; other aliases are left to other routers.
func (r *ReplicaRouter) AllowMigrate(alias string, _ ModelRef) Decision {
	if alias == r.primary {
		return Allow
	}
	if slices.Contains(r.replicas, alias) {
		return Deny
	}
	return NoOpinion
}

// Healthy reports whether replica alias is in use (not marked down).
func (r *ReplicaRouter) Healthy(alias string) bool {
	i := slices.Index(r.replicas, alias)
	return i >= 0 && !r.down[i].Load()
}

// bind checks the aliases, registers the replicas for failover and starts
// the health checks.
func (r *ReplicaRouter) bind(s *dbSet) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.bound {
		return fmt.Errorf("sqlorm: PrimaryReplica(%q): the router is already used by other Databases; make one per Databases", r.primary)
	}
	if _, err := s.db(r.primary); err != nil {
		return fmt.Errorf("sqlorm: PrimaryReplica primary: %w", err)
	}
	r.dbs = make([]*sql.DB, len(r.replicas))
	for i, a := range r.replicas {
		db, err := s.db(a)
		if err != nil {
			return fmt.Errorf("sqlorm: PrimaryReplica replica: %w", err)
		}
		if a == r.primary {
			return fmt.Errorf("sqlorm: PrimaryReplica: %q is both the primary and a replica", a)
		}
		r.dbs[i] = db
	}
	r.set, r.bound = s, true
	for i, db := range r.dbs {
		failovers.Store(db, &replicaSlot{r: r, i: i})
		failoverOn.Add(1)
	}
	if r.every > 0 && len(r.dbs) > 0 {
		s.wg.Add(1)
		go r.checkLoop(s.stop, &s.wg)
	}
	return nil
}

func (r *ReplicaRouter) unbind() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, db := range r.dbs {
		if v, ok := failovers.Load(db); ok && v.(*replicaSlot).r == r {
			failovers.Delete(db)
		}
		failoverOn.Add(-1)
	}
}

// checkLoop pings every replica each interval until stop closes.
func (r *ReplicaRouter) checkLoop(stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	t := time.NewTicker(r.every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		for i, db := range r.dbs {
			ctx, cancel := context.WithTimeout(context.Background(), max(r.every, 100*time.Millisecond))
			err := db.PingContext(ctx)
			cancel()
			r.down[i].Store(err != nil)
		}
	}
}

// replicaSlot says which router's replica a *sql.DB is.
type replicaSlot struct {
	r *ReplicaRouter
	i int
}

// failovers maps the *sql.DB of every replica of a bound ReplicaRouter to
// its slot; failoverOn counts them, so a program without replicas pays one
// atomic load on a failed query, nothing on a successful one.
var (
	failovers  sync.Map // *sql.DB → *replicaSlot
	failoverOn atomic.Int64
)

// failover is called when a query on db failed with err outside any
// transaction. When ctx is that of a read the routers chose (see
// routedCtx) and db is a replica that could not be reached, the replica is
// marked down and the database to run the read on instead is returned;
// otherwise nil: a plain *sql.DB, a call pinned with Using and every write
// keep their error.
func failover(ctx context.Context, db *sql.DB, err error) *sql.DB {
	if failoverOn.Load() == 0 || ctx.Err() != nil || !isRouted(ctx) || !dialect.IsConnectionError(err) {
		return nil
	}
	v, ok := failovers.Load(db)
	if !ok {
		return nil
	}
	slot := v.(*replicaSlot)
	slot.r.down[slot.i].Store(true)
	alt, aerr := slot.r.set.db(slot.r.pick())
	if aerr != nil || alt == db {
		return nil
	}
	return alt
}

// stickyKey is the context key of a sticky window.
type stickyKey struct{}

type stickyState struct{ until atomic.Int64 }

// Sticky returns a context whose reads a ReplicaRouter with
// StickyAfterWrite sends to the primary for a while after a write made
// with it (or a context derived from it): make one per request or unit of
// work. Without StickyAfterWrite it changes nothing.
func Sticky(ctx context.Context) context.Context {
	return context.WithValue(ctx, stickyKey{}, &stickyState{})
}
