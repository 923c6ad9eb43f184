package orm_test

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/orm"
)

type Contact struct {
	orm.Model
	Email    string  `orm:"type=email"`
	Site     string  `orm:"type=url,blank"`
	Handle   string  `orm:"type=slug,blank"`
	Nick     *string `orm:"max_length=5"` // nullable Go type, NOT NULL column
	Ref      *string `orm:"type=uuid,null,blank"`
	Score    float64
	Priority int32 `orm:"choices=1|2|3,default=2"`
}

type wholeClean struct {
	orm.Model
	A, B int64
}

func (w wholeClean) Clean() error {
	if w.A > w.B {
		return errors.New("A must not exceed B")
	}
	return nil
}

func validProduct() *Product {
	return &Product{Name: "Widget", Price: decimal.RequireFromString("9.99"), Status: "draft"}
}

func TestFullClean(t *testing.T) {
	nick := "toolong"
	badUUID := "not-a-uuid"
	cases := []struct {
		name  string
		clean func() error
		want  map[string][]string // nil: valid
	}{
		{"valid product", func() error { return orm.FullClean(validProduct()) }, nil},
		{"blank name", func() error { p := validProduct(); p.Name = ""; return orm.FullClean(p) },
			map[string][]string{"name": {"This field cannot be blank."}}},
		{"name too long", func() error { p := validProduct(); p.Name = strings.Repeat("é", 201); return orm.FullClean(p) },
			map[string][]string{"name": {"Ensure this value has at most 200 characters (it has 201)."}}},
		{"not a choice", func() error { p := validProduct(); p.Status = "bogus"; return orm.FullClean(p) },
			map[string][]string{"status": {"Value 'bogus' is not a valid choice."}}},
		{"too many digits", func() error {
			p := validProduct()
			p.Price = decimal.RequireFromString("12345678901.5")
			return orm.FullClean(p)
		}, map[string][]string{"price": {"Ensure that there are no more than 10 digits in total.", "Price cannot exceed $10,000"}}}, // Clean runs after field errors too, as in Django
		{"too many places", func() error {
			p := validProduct()
			p.Price = decimal.RequireFromString("1.234")
			return orm.FullClean(p)
		},
			map[string][]string{"price": {"Ensure that there are no more than 2 decimal places."}}},
		{"too many whole digits", func() error {
			p := validProduct()
			p.Price = decimal.RequireFromString("123456789.1")
			return orm.FullClean(p)
		}, map[string][]string{"price": {"Ensure that there are no more than 8 digits before the decimal point.", "Price cannot exceed $10,000"}}},
		{"field validator", func() error { p := validProduct(); p.Price = decimal.NewFromInt(-1); return orm.FullClean(p) },
			map[string][]string{"price": {"-1 is not a positive number"}}},
		{"model Clean", func() error { p := validProduct(); p.Price = decimal.NewFromInt(20000); return orm.FullClean(p) },
			map[string][]string{"price": {"Price cannot exceed $10,000"}}},
		{"contact valid", func() error {
			return orm.FullClean(&Contact{Email: "a@example.com", Site: "https://example.com", Handle: "a-b_c", Nick: strp("bob"), Priority: 2})
		}, nil},
		{"contact invalid", func() error {
			return orm.FullClean(&Contact{Email: "nope", Site: "example.com", Handle: "a b", Nick: &nick, Ref: &badUUID, Score: math.NaN(), Priority: 7})
		}, map[string][]string{
			"email":    {"Enter a valid email address."},
			"site":     {"Enter a valid URL."},
			"handle":   {"Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."},
			"nick":     {"Ensure this value has at most 5 characters (it has 7)."},
			"ref":      {"“not-a-uuid” is not a valid UUID."},
			"score":    {"“NaN” value must be a float."},
			"priority": {"Value 7 is not a valid choice."},
		}},
		{"null and blank", func() error { return orm.FullClean(&Contact{Priority: 1}) },
			map[string][]string{"email": {"This field cannot be blank."}, "nick": {"This field cannot be null."}}},
		{"non-field error", func() error { return orm.FullClean(&wholeClean{A: 2, B: 1}) },
			map[string][]string{orm.NonFieldErrors: {"A must not exceed B"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.clean()
			if c.want == nil {
				if err != nil {
					t.Fatalf("FullClean = %v, want nil", err)
				}
				return
			}
			var ve *orm.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("FullClean = %v, want a *ValidationError", err)
			}
			want := map[string][]string{}
			for k, v := range c.want {
				if v != nil {
					want[k] = v
				}
			}
			if !reflect.DeepEqual(ve.Fields, want) {
				t.Fatalf("Fields = %q\nwant     %q", ve.Fields, want)
			}
		})
	}
}

func TestEmailAndURLValidation(t *testing.T) {
	emails := map[string]bool{
		"a@example.com": true, "first.last+tag@sub.example.co.uk": true, "user@localhost": true,
		"a@[127.0.0.1]": true, "a@[IPv6:::1]": true, `"quoted\ user"@example.com`: true, `"quoted user"@example.com`: false, "a@xn--bcher-kva.example": true,
		"plainaddress": false, "@example.com": false, "a@": false, "a@b": false, "a@-example.com": false,
		"a..b@example.com": false, "a@example.c": false, "a@exa mple.com": false, "a@example.com-": false,
	}
	for e, ok := range emails {
		err := orm.FullClean(&Contact{Email: e, Nick: strp("x"), Priority: 1})
		if (err == nil) != ok {
			t.Errorf("email %q: valid = %v, want %v (%v)", e, err == nil, ok, err)
		}
	}
	urls := map[string]bool{
		"https://example.com": true, "http://localhost:8000/path?q=1#f": true, "ftp://1.2.3.4/": true,
		"https://[::1]:443/": true, "http://xn--bcher-kva.example/": true, "HTTPS://EXAMPLE.COM": true,
		"example.com": false, "mailto:a@b.c": false, "http://": false, "http://exa mple.com": false,
		"javascript:alert(1)": false, "http://-bad.com": false, "http://example.com:99999": false, "http://300.1.1.1.1": false,
	}
	for u, ok := range urls {
		err := orm.FullClean(&Contact{Email: "a@example.com", Site: u, Nick: strp("x"), Priority: 1})
		if (err == nil) != ok {
			t.Errorf("url %q: valid = %v, want %v (%v)", u, err == nil, ok, err)
		}
	}
}

func TestValidationErrorMessage(t *testing.T) {
	err := orm.FullClean(&Product{Price: decimal.RequireFromString("1.234"), Status: "x"})
	want := "sqlorm: Product is invalid: name: This field cannot be blank.; price: Ensure that there are no more than 2 decimal places.; status: Value 'x' is not a valid choice."
	if err == nil || err.Error() != want {
		t.Fatalf("Error() = %q\nwant      %q", err, want)
	}
}
