// Package gentest holds models for sqlorm gen's tests: its generated
// sqlorm_fields.go is the generator's golden file, and its benchmarks show
// that typed field names cost what string keys cost.
package gentest

//go:generate go run ../../cmd/sqlorm gen

import (
	"time"

	"github.com/sqlorm/sqlorm/orm"
)

// Status is a named string type: its fields take Status values.
type Status string

// Author writes posts.
type Author struct {
	orm.Model
	Name  string  `orm:"max_length=100"`
	Email *string `orm:"max_length=200,null"`
}

// Timestamped is an abstract base (embedded, Django's abstract model).
type Timestamped struct {
	orm.Model
	CreatedAt time.Time `orm:"auto_now_add"`
}

// Post has every kind of field the generator reads.
type Post struct {
	Timestamped
	Title       string `orm:"max_length=200"`
	Views       int
	Published   bool
	PublishedAt *time.Time     `orm:"null"`
	Status      Status         `orm:"max_length=20"`
	Author      orm.FK[Author] `orm:"on_delete=cascade"`
	Tags        orm.ManyToMany[Tag]
	Draft       string `orm:"-"`
	note        string
}

// Tag has a string primary key.
type Tag struct {
	Slug string `orm:"primary_key,max_length=50"`
	Name string `orm:"max_length=50"`
}

// Label keys Post by a Tag (a foreign key to a string key).
type Label struct {
	orm.Model
	Tag orm.FK[Tag] `orm:"on_delete=cascade"`
}

// notModel is neither exported nor a model.
type notModel struct{ X int }

// Options is exported but not a model: no fields are generated for it.
type Options struct{ Limit int }

var _ = notModel{}

// Note reads the unexported field the generator must skip.
func (p Post) Note() string { return p.note }
