package orm_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/orm"
)

// Python SQLORM's models, in Go.

type Category struct {
	orm.Model
	Name string `orm:"max_length=100"`
}

type Product struct {
	orm.Model
	Name        string           `orm:"max_length=200,db_index"`
	Description *string          `orm:"null,blank"`
	Price       decimal.Decimal  `orm:"max_digits=10,decimal_places=2,default=0"`
	Status      string           `orm:"max_length=20,choices=draft|published,default=draft"`
	Category    orm.FK[Category] `orm:"on_delete=cascade,related_name=products,null"`
	CreatedAt   time.Time        `orm:"auto_now_add"`
	UpdatedAt   time.Time        `orm:"auto_now"`
}

func (Product) Meta() orm.Meta {
	return orm.Meta{
		Table:    "product",
		Ordering: []string{"-created_at"},
		Indexes:  []orm.Index{{Fields: []string{"name", "created_at"}}},
	}
}

func (Product) Validators() []orm.FieldValidator {
	return []orm.FieldValidator{
		orm.Validator("price", func(p decimal.Decimal) error {
			if p.IsNegative() {
				return fmt.Errorf("%s is not a positive number", p)
			}
			return nil
		}),
	}
}

func (p *Product) Clean() error {
	if p.Price.GreaterThan(decimal.NewFromInt(10000)) {
		return orm.NewValidationError("price", "Price cannot exceed $10,000")
	}
	return nil
}

// TimestampedModel and AuditModel are Python SQLORM's abstract bases.
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

// WithUser is how a caller passes Python SQLORM's save(user=...) argument.
func WithUser(ctx context.Context, user string) context.Context {
	return context.WithValue(ctx, userKey{}, user)
}

// BeforeSave is Python SQLORM's AuditModel.save override.
func (a *AuditModel) BeforeSave(ctx context.Context) error {
	if user, ok := ctx.Value(userKey{}).(string); ok && user != "" {
		if a.ID == 0 {
			a.CreatedBy = &user
		}
		a.UpdatedBy = &user
	}
	return nil
}

type AuditedProduct struct {
	AuditModel
	Name string `orm:"max_length=200"`
}

// Every field kind.
type Everything struct {
	orm.Model
	Char      string              `orm:"max_length=50"`
	Text      string              `orm:"blank"`
	Small     int16               `orm:"default=0"`
	Int       int32               `orm:"default=0"`
	Big       int64               `orm:"default=0"`
	PosSmall  uint16              `orm:"default=0"`
	Pos       uint32              `orm:"default=0"`
	PosBig    uint64              `orm:"default=0"`
	Float     float64             `orm:"default=0"`
	Dec       decimal.Decimal     `orm:"max_digits=12,decimal_places=4,default=0"`
	Flag      bool                `orm:"default=false"`
	Day       time.Time           `orm:"type=date"`
	Clock     time.Time           `orm:"type=time"`
	At        time.Time           `orm:""`
	Span      time.Duration       `orm:"default=0s"`
	Email     string              `orm:"type=email,blank"`
	URL       string              `orm:"type=url,blank"`
	Slug      string              `orm:"type=slug,blank"`
	UUID      UUID                `orm:"unique"`
	UUIDText  *string             `orm:"type=uuid,null,blank"`
	Doc       map[string]any      `orm:"type=json,null,blank"`
	Tags      []string            `orm:"type=json,blank"`
	Blob      []byte              `orm:"null,blank"`
	NStr      *string             `orm:"null,blank"`
	NInt      sql.Null[int64]     `orm:"null,blank"`
	NTime     sql.NullTime        `orm:"null,blank"`
	NDec      decimal.NullDecimal `orm:"null,blank,max_digits=8,decimal_places=3"`
	NBool     *bool               `orm:"null,blank"`
	NFloat    *float64            `orm:"null,blank"`
	NUUID     *UUID               `orm:"null,blank"`
	NDuration *time.Duration      `orm:"null,blank"`
	Skipped   string              `orm:"-"`
}

// UUID is a [16]byte UUID with sql.Scanner and driver.Valuer, shaped like
// google/uuid.UUID.
type UUID [16]byte

func (u UUID) String() string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}

func (u *UUID) Scan(src any) error {
	return errors.New("UUID.Scan is not used by the ORM")
}

func (u UUID) Value() (driver.Value, error) { return u.String(), nil }

func MustUUID(s string) UUID {
	b, err := hex.DecodeString(strings.ReplaceAll(s, "-", ""))
	if err != nil || len(b) != 16 {
		panic("bad UUID " + s)
	}
	return UUID(b)
}
