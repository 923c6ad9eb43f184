package orm_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/orm"
)

func TestFieldsAndTableNames(t *testing.T) {
	cases := []struct {
		name   string
		table  string
		fields []string
	}{
		{"Product", orm.TableName[Product](), orm.Fields[Product]()},
		{"Category", orm.TableName[Category](), orm.Fields[Category]()},
		{"AuditedProduct", orm.TableName[AuditedProduct](), orm.Fields[AuditedProduct]()},
		{"OrderItem", orm.TableName[OrderItem](), orm.Fields[OrderItem]()},
	}
	want := map[string]struct {
		table  string
		fields []string
	}{
		"Product":        {"product", []string{"id", "name", "description", "price", "status", "category", "created_at", "updated_at"}},
		"Category":       {"category", []string{"id", "name"}},
		"AuditedProduct": {"audited_product", []string{"id", "created_at", "updated_at", "created_by", "updated_by", "name"}},
		"OrderItem":      {"order_item", []string{"code", "http_status", "user_id", "qty"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := want[c.name]
			if c.table != w.table {
				t.Errorf("TableName = %q, want %q", c.table, w.table)
			}
			if !reflect.DeepEqual(c.fields, w.fields) {
				t.Errorf("Fields = %q, want %q", c.fields, w.fields)
			}
		})
	}
}

// OrderItem has an explicit string primary key and snake_case edge cases.
type OrderItem struct {
	Code       string `orm:"primary_key,max_length=20"`
	HTTPStatus int32
	UserID     int64
	Qty        uint16 `orm:"default=1"`
}

// Shadowing: an outer field replaces an embedded one of the same name, as
// Go's promotion rules say (Django allows overriding an abstract field).
type named struct {
	orm.Model
	Name string `orm:"max_length=10"`
}

type Renamed struct {
	named
	Name string `orm:"max_length=99"`
}

func TestShadowedFieldWins(t *testing.T) {
	if err := orm.Register[Renamed](); err != nil {
		t.Fatal(err)
	}
	if got := orm.Fields[Renamed](); !reflect.DeepEqual(got, []string{"id", "name"}) {
		t.Fatalf("Fields = %q", got)
	}
	s, err := orm.Schema[Renamed]()
	if err != nil {
		t.Fatal(err)
	}
	if c := s.Column("name"); c == nil || c.Length != 99 {
		t.Fatalf("name column = %+v, want max_length 99 from the outer field", c)
	}
}

// Models with declaration mistakes, one per case.
type (
	badUnknownOption struct {
		orm.Model
		Name string `orm:"max_len=10"`
	}
	badMaxLengthOnInt struct {
		orm.Model
		N int64 `orm:"max_length=10"`
	}
	badNullOnString struct {
		orm.Model
		Name string `orm:"null"`
	}
	badDuplicateColumn struct {
		orm.Model
		A string `orm:"db_column=x"`
		B string `orm:"db_column=x"`
	}
	badNoPK struct {
		Name string
	}
	badDefaultInt struct {
		orm.Model
		N int32 `orm:"default=abc"`
	}
	badDefaultOverflow struct {
		orm.Model
		N int8 `orm:"default=300"`
	}
	badDecimalNoDigits struct {
		orm.Model
		Price decimal.Decimal
	}
	badDecimalPlaces struct {
		orm.Model
		Price decimal.Decimal `orm:"max_digits=2,decimal_places=3"`
	}
	badDecimalDefault struct {
		orm.Model
		Price decimal.Decimal `orm:"max_digits=4,decimal_places=2,default=123.45"`
	}
	badAutoNowString struct {
		orm.Model
		At string `orm:"auto_now"`
	}
	badFKNoOnDelete struct {
		orm.Model
		Cat orm.FK[Category]
	}
	badFKSetNull struct {
		orm.Model
		Cat orm.FK[Category] `orm:"on_delete=set_null"`
	}
	badFKOnDeleteValue struct {
		orm.Model
		Cat orm.FK[Category] `orm:"on_delete=explode"`
	}
	badStructField struct {
		orm.Model
		Addr struct{ Street string }
	}
	badTypeOption struct {
		orm.Model
		Name string `orm:"type=ipaddress"`
	}
	badTypeForKind struct {
		orm.Model
		N int64 `orm:"type=email"`
	}
	badOrdering struct {
		orm.Model
		Name string
	}
	badValidatorType struct {
		orm.Model
		Name string
	}
	badValidatorField struct {
		orm.Model
		Name string
	}
	badTwoPKs struct {
		orm.Model
		Code string `orm:"primary_key,max_length=5"`
	}
	badStringPKNoLength struct {
		Code string `orm:"primary_key"`
	}
	badDefaultChoice struct {
		orm.Model
		Status string `orm:"choices=a|b,default=c"`
	}
	badChoicesFloat struct {
		orm.Model
		F float64 `orm:"choices=1|2"`
	}
	badColumnName struct {
		orm.Model
		Name string `orm:"db_column=na me"`
	}
	badQuote struct {
		orm.Model
		Name string `orm:"default='abc"`
	}
	badEmbeddedPtr struct {
		*orm.Model
		Name string
	}
	badFlagValue struct {
		orm.Model
		Name string `orm:"unique=true"`
	}
	badMissingValue struct {
		orm.Model
		Name string `orm:"max_length"`
	}
	badTwice struct {
		orm.Model
		Name string `orm:"blank,blank"`
	}
	badNullPK struct {
		ID *int64 `orm:"primary_key,null"`
	}
	badScannerNoType struct {
		orm.Model
		U customScanner
	}
	badTimeDefault struct {
		orm.Model
		At time.Time `orm:"default=yesterday"`
	}
	badFKTarget struct {
		orm.Model
		Ref orm.FK[badNoPK] `orm:"on_delete=cascade"`
	}
	badFKStringPK struct {
		orm.Model
		Ref orm.FK[OrderItem] `orm:"on_delete=cascade"`
	}
	badMetaTable struct {
		orm.Model
	}
	badUnexportedTagged struct {
		orm.Model
		name string `orm:"max_length=3"`
	}
)

func (badOrdering) Meta() orm.Meta  { return orm.Meta{Ordering: []string{"-nme"}} }
func (badMetaTable) Meta() orm.Meta { return orm.Meta{Table: "drop table;"} }
func (badValidatorType) Validators() []orm.FieldValidator {
	return []orm.FieldValidator{orm.Validator("name", func(int) error { return nil })}
}
func (badValidatorField) Validators() []orm.FieldValidator {
	return []orm.FieldValidator{orm.Validator("nam", func(string) error { return nil })}
}

type customScanner struct{ v string }

func (c *customScanner) Scan(any) error { return nil }
func (c customScanner) Value() (driver.Value, error) {
	return c.v, nil
}

func TestRegisterErrors(t *testing.T) {
	_ = badUnexportedTagged{}.name
	cases := []struct {
		name     string
		register func() error
		field    string
		option   string
		contains string
	}{
		{"unknown option", orm.Register[badUnknownOption], "Name", "", `unknown option "max_len"; valid options are max_length`},
		{"max_length on int", orm.Register[badMaxLengthOnInt], "N", "max_length", "max_length applies to string fields, not int64"},
		{"null on string", orm.Register[badNullOnString], "Name", "null", "use *string or sql.Null[string]"},
		{"duplicate column", orm.Register[badDuplicateColumn], "B", "db_column", `duplicate column "x" (also used by field A)`},
		{"no primary key", orm.Register[badNoPK], "", "", "no primary key; embed orm.Model"},
		{"default not an int", orm.Register[badDefaultInt], "N", "default", `default="abc" is not a 32-bit integer`},
		{"default overflows", orm.Register[badDefaultOverflow], "N", "default", `default="300" is not a 8-bit integer`},
		{"decimal without digits", orm.Register[badDecimalNoDigits], "Price", "max_digits", "needs max_digits=N and decimal_places=M"},
		{"decimal places > digits", orm.Register[badDecimalPlaces], "Price", "decimal_places", "decimal_places=3 is greater than max_digits=2"},
		{"decimal default too big", orm.Register[badDecimalDefault], "Price", "default", "does not fit max_digits=4, decimal_places=2"},
		{"auto_now on string", orm.Register[badAutoNowString], "At", "auto_now", "apply to time.Time fields, not string"},
		{"FK without on_delete", orm.Register[badFKNoOnDelete], "Cat", "on_delete", "a foreign key needs on_delete="},
		{"FK set_null without null", orm.Register[badFKSetNull], "Cat", "on_delete", "on_delete=set_null needs null"},
		{"FK bad on_delete", orm.Register[badFKOnDeleteValue], "Cat", "on_delete", `on_delete="explode" is not one of`},
		{"struct field", orm.Register[badStructField], "Addr", "type", "use type=json to store it as JSON"},
		{"unknown type", orm.Register[badTypeOption], "Name", "type", "type=ipaddress is unknown"},
		{"type for wrong kind", orm.Register[badTypeForKind], "N", "type", "type=email does not apply to int64"},
		{"bad ordering", orm.Register[badOrdering], "", "Meta.Ordering", `unknown field "nme"; valid fields are pk, id, name`},
		{"validator type", orm.Register[badValidatorType], "Name", "Validators", "validator takes int but the field is string"},
		{"validator field", orm.Register[badValidatorField], "", "Validators", `validator for unknown field "nam"`},
		{"two primary keys", orm.Register[badTwoPKs], "Code", "primary_key", "a second primary key (the first is ID)"},
		{"string pk without length", orm.Register[badStringPKNoLength], "Code", "max_length", "a string primary key needs max_length=N"},
		{"default not a choice", orm.Register[badDefaultChoice], "Status", "default", `default="c" is not one of the choices a|b`},
		{"choices on float", orm.Register[badChoicesFloat], "F", "choices", "choices apply to string and integer fields"},
		{"bad column name", orm.Register[badColumnName], "Name", "db_column", "invalid identifier"},
		{"unterminated quote", orm.Register[badQuote], "Name", "", "unterminated quoted value"},
		{"embedded pointer", orm.Register[badEmbeddedPtr], "Model", "", "embed abstract base models by value"},
		{"flag with value", orm.Register[badFlagValue], "Name", "", "option unique takes no value"},
		{"option without value", orm.Register[badMissingValue], "Name", "", "option max_length needs a value"},
		{"option twice", orm.Register[badTwice], "Name", "", "option blank given twice"},
		{"null primary key", orm.Register[badNullPK], "ID", "null", "a primary key cannot be null"},
		{"scanner without type", orm.Register[badScannerNoType], "U", "type", "custom sql.Scanner: say which column type"},
		{"time default", orm.Register[badTimeDefault], "At", "default", "a time field's default can only be now"},
		{"FK to a non-model", orm.Register[badFKTarget], "Ref", "", "FK target badNoPK is not a valid model"},
		{"FK to a string key", orm.Register[badFKStringPK], "Ref", "", "FK[OrderItem] needs an integer primary key"},
		{"bad table name", orm.Register[badMetaTable], "", "Meta.Table", "invalid identifier"},
		{"unexported with tag", orm.Register[badUnexportedTagged], "name", "", "unexported fields are not stored"},
		{"not a struct", orm.Register[int], "", "", "a model must be a struct type, not int int"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.register()
			if err == nil {
				t.Fatal("Register succeeded, want an error")
			}
			if !errors.Is(err, orm.ErrInvalidModel) {
				t.Errorf("errors.Is(err, ErrInvalidModel) = false for %v", err)
			}
			var me *orm.ModelError
			if !errors.As(err, &me) {
				t.Fatalf("error %T is not a *ModelError: %v", err, err)
			}
			if me.Field != c.field || me.Option != c.option {
				t.Errorf("Field, Option = %q, %q; want %q, %q (%v)", me.Field, me.Option, c.field, c.option, err)
			}
			if !strings.Contains(err.Error(), c.contains) {
				t.Errorf("error %q does not contain %q", err, c.contains)
			}
			if !strings.HasPrefix(err.Error(), "sqlorm: model ") {
				t.Errorf("error %q does not name the model", err)
			}
			// The error is cached: the same answer again.
			if err2 := c.register(); err2 == nil || err2.Error() != err.Error() {
				t.Errorf("second Register = %v, want the same error", err2)
			}
		})
	}
}

// Concurrent first use of a model's metadata builds it once and every
// caller sees the same result (run with -race).
type raceModel struct {
	orm.Model
	A string `orm:"max_length=3"`
	B int64
	C time.Time `orm:"auto_now"`
}

func TestConcurrentFirstUse(t *testing.T) {
	const n = 32
	var wg sync.WaitGroup
	start := make(chan struct{})
	results := make([][]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			switch i % 3 {
			case 0:
				errs[i] = orm.Register[raceModel]()
				results[i] = orm.Fields[raceModel]()
			case 1:
				results[i] = orm.Fields[raceModel]()
			default:
				s, err := orm.Schema[raceModel]()
				errs[i] = err
				for _, c := range s.Columns {
					results[i] = append(results[i], c.Name)
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("goroutine %d: %v", i, errs[i])
		}
		if !reflect.DeepEqual(results[i], []string{"id", "a", "b", "c"}) {
			t.Fatalf("goroutine %d: fields %q", i, results[i])
		}
	}
}

// raceStmts is only used by TestConcurrentStatements, so its per-dialect
// statements are built there, concurrently, for the first time.
type raceStmts struct {
	orm.Model
	Name string `orm:"max_length=10"`
}

// TestConcurrentStatements: many goroutines use a new model on every
// dialect at once; the per-dialect statement cache is built once per
// dialect and every goroutine sends the same SQL (run with -race).
func TestConcurrentStatements(t *testing.T) {
	db, r := openRecorder(t)
	db.SetMaxOpenConns(8)
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, 64)
	for i := range 64 {
		d := dialect.All()[i%4]
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			ctx := orm.WithDialect(context.Background(), d)
			c := &raceStmts{Name: "x"}
			c.ID = int64(i + 1)
			if err := orm.Save(ctx, db, c); err != nil {
				errs <- err
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, s := range r.take() {
		seen[s.query] = true
	}
	if len(seen) != 4 {
		t.Fatalf("want one UPDATE text per dialect, got %d: %v", len(seen), seen)
	}
}

// Mutually referencing models: building either one's metadata never
// waits for the other's, so concurrent first use cannot deadlock.
type (
	mutualA struct {
		orm.Model
		B orm.FK[mutualB] `orm:"on_delete=set_null,null"`
	}
	mutualB struct {
		orm.Model
		A orm.FK[mutualA] `orm:"on_delete=cascade,null"`
	}
)

func TestMutualForeignKeys(t *testing.T) {
	var wg sync.WaitGroup
	errs := make([]error, 16)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				errs[i] = orm.Register[mutualA]()
			} else {
				_, errs[i] = orm.Schema[mutualB]()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	s, err := orm.Schema[mutualA]()
	if err != nil || len(s.ForeignKeys) != 1 || s.ForeignKeys[0].RefTable != "mutual_b" || s.ForeignKeys[0].OnDelete != "SET NULL" {
		t.Fatalf("Schema[mutualA] = %+v, %v", s, err)
	}
}
