// Command quickstart is the overview of Python SQLORM's documentation, in Go: open a
// database, define models, create their tables, then create, get, save and
// delete rows — on SQLite, so no server is needed.
//
//	go run ./examples/quickstart            # uses ./quickstart.db
//	go run ./examples/quickstart -db /tmp/x.db
//
// The database is opened through the sqlorm driver with debug=true, so
// every statement the ORM runs is logged (to standard error) with its
// duration.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"time"

	"github.com/shopspring/decimal"

	sqlormdriver "github.com/sqlorm/sqlorm/driver" // registers the "sqlorm" driver
	"github.com/sqlorm/sqlorm/examples/internal/exampledb"
	"github.com/sqlorm/sqlorm/orm"
)

// MyModel is Python SQLORM's first example:
//
//	class MyModel(Model):
//	    name = fields.CharField(max_length=100)
type MyModel struct {
	orm.Model
	Name string `orm:"max_length=100"`
}

// TimestampedModel and AuditModel are Python SQLORM's abstract base models
// ("Extending SQLORM"): embedding is Django's abstract inheritance.
type TimestampedModel struct {
	orm.Model
	CreatedAt time.Time `orm:"auto_now_add"`
	UpdatedAt time.Time `orm:"auto_now"`
}

type AuditModel struct {
	TimestampedModel
	CreatedBy *string `orm:"max_length=100,null"`
	UpdatedBy *string `orm:"max_length=100,null"`
}

type userKey struct{}

// WithUser carries Python SQLORM's save(user=...) argument in the context.
func WithUser(ctx context.Context, user string) context.Context {
	return context.WithValue(ctx, userKey{}, user)
}

// BeforeSave is Python SQLORM's AuditModel.save override: it records who
// created and who last updated the row.
func (a *AuditModel) BeforeSave(ctx context.Context) error {
	if user, ok := ctx.Value(userKey{}).(string); ok && user != "" {
		if a.ID == 0 {
			a.CreatedBy = &user
		}
		a.UpdatedBy = &user
	}
	return nil
}

// Category and Product are Python SQLORM's "Model System" models.
type Category struct {
	orm.Model
	Name string `orm:"max_length=100"`
}

type Product struct {
	AuditModel
	Name        string           `orm:"max_length=200,db_index"`
	Description *string          `orm:"null,blank"`
	Price       decimal.Decimal  `orm:"max_digits=10,decimal_places=2,default=0"`
	Status      string           `orm:"max_length=20,choices=draft|published,default=draft"`
	Category    orm.FK[Category] `orm:"on_delete=cascade,related_name=products,null"`
}

// Meta is Python SQLORM's class Meta.
func (Product) Meta() orm.Meta {
	return orm.Meta{
		Table:    "product",
		Ordering: []string{"-created_at"},
		Indexes:  []orm.Index{{Fields: []string{"name", "created_at"}}},
	}
}

// Clean is Python SQLORM's model-level validation.
func (p *Product) Clean() error {
	if p.Price.GreaterThan(decimal.NewFromInt(10000)) {
		return orm.NewValidationError("price", "Price cannot exceed $10,000")
	}
	return nil
}

func main() {
	path := flag.String("db", "quickstart.db", "SQLite database file (recreated)")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, os.Stderr, *path); err != nil {
		log.Fatal(err)
	}
}

// run is the whole walk-through, writing what happens to w and the debug
// log of every statement to logw.
func run(ctx context.Context, w, logw io.Writer, path string) error {
	if err := exampledb.Reset(path); err != nil {
		return err
	}
	// configure({'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'db.sqlite3'})
	// is a URL: sql.Open("sqlorm", "sqlite:"+path+"?debug=true") would do;
	// OpenDB lets the log go to logw. _fk=1 turns on foreign keys, as
	// Django does on SQLite; _txlock and _journal_mode are the other
	// settings README recommends for the ORM.
	cfg, err := sqlormdriver.ParseURL("sqlite:" + path + "?_fk=1&_txlock=immediate&_journal_mode=WAL&debug=true")
	if err != nil {
		return err
	}
	cfg.Logger = slog.New(slog.NewTextHandler(logw, nil))
	db, err := sqlormdriver.OpenDB(cfg)
	if err != nil {
		return err
	}
	defer db.Close()

	// MyModel.migrate() — and the other models; a foreign key's target first.
	for _, migrate := range []func(context.Context, *sql.DB) error{
		orm.Migrate[MyModel], orm.Migrate[Category], orm.Migrate[Product],
	} {
		if err := migrate(ctx, db); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, "tables:", orm.TableName[MyModel](), orm.TableName[Category](), orm.TableName[Product]())
	fmt.Fprintln(w, "product fields:", orm.Fields[Product]())

	// MyModel.objects.create(name="hello")
	m := &MyModel{Name: "hello"}
	if err := orm.Objects[MyModel](db).Create(ctx, m); err != nil {
		return err
	}
	fmt.Fprintf(w, "created MyModel id=%d name=%q\n", m.ID, m.Name)

	// Category.objects.create(name="Electronics"); Product.objects.create(...)
	electronics := &Category{Name: "Electronics"}
	if err := orm.Objects[Category](db).Create(ctx, electronics); err != nil {
		return err
	}
	p := orm.New[Product]() // Django's Product(): defaults filled in (status "draft", price 0)
	p.Name, p.Price = "Widget", decimal.RequireFromString("9.99")
	if err := p.Category.Set(electronics); err != nil {
		return err
	}
	if err := orm.FullClean(p); err != nil {
		return err
	}
	if err := orm.Objects[Product](db).Create(WithUser(ctx, "alice"), p); err != nil {
		return err
	}
	fmt.Fprintf(w, "created Product id=%d status=%s price=%s created_by=%s\n", p.ID, p.Status, p.Price.StringFixed(2), *p.CreatedBy)

	// Product.objects.get(id=1)
	got, err := orm.Objects[Product](db).Get(ctx, orm.Q{"id": p.ID})
	if err != nil {
		return err
	}
	cat, err := got.Category.Get(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "got %q in %q\n", got.Name, cat.Name)

	// product.price = 99.99; product.save(user="bob")
	got.Price = decimal.RequireFromString("99.99")
	got.Status = "published"
	if err := orm.Save(WithUser(ctx, "bob"), db, got); err != nil {
		return err
	}
	if err := orm.Refresh(ctx, db, p); err != nil {
		return err
	}
	fmt.Fprintf(w, "saved: price=%s status=%s created_by=%s updated_by=%s\n", p.Price.StringFixed(2), p.Status, *p.CreatedBy, *p.UpdatedBy)

	// Validation: Django's full_clean() with the model's clean().
	p.Price = decimal.RequireFromString("20000")
	if err := orm.FullClean(p); err != nil {
		fmt.Fprintln(w, "invalid:", err)
	}

	n, err := orm.Objects[Product](db).Filter(orm.Q{"status": "published"}).Count(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "published products:", n)

	// product.delete()
	if err := orm.Delete(ctx, db, got); err != nil {
		return err
	}
	_, err = orm.Objects[Product](db).Get(ctx, orm.Q{"id": p.ID})
	fmt.Fprintln(w, "after delete, DoesNotExist:", errors.Is(err, orm.ErrDoesNotExist))
	return nil
}
