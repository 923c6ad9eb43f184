package orm

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
)

// kind is how the codec reads and writes a field's base value.
type kind uint8

const (
	kInvalid kind = iota
	kString
	kBool
	kInt8
	kInt16
	kInt32
	kInt64
	kInt
	kUint8
	kUint16
	kUint32
	kUint64
	kUint
	kFloat32
	kFloat64
	kTime       // time.Time: datetime, date or time of day by col.Kind
	kDuration   // time.Duration
	kDecimal    // decimal.Decimal
	kBytes      // []byte
	kUUID       // any type whose underlying type is [16]byte
	kUUIDString // string with type=uuid
	kJSON       // any type with type=json
	kValuer     // another type implementing sql.Scanner and driver.Valuer
)

// wrap is how a field holds NULL.
type wrap uint8

const (
	wrapNone wrap = iota // the field is the base value
	wrapPtr              // *Base: nil is NULL
	wrapNull             // struct{ V Base; Valid bool } (sql.Null[T], sql.NullString, ..., FK[T])
)

// field is the metadata of one model field, computed once per type.
type field struct {
	model  string // Go type name of the model, for messages
	name   string // Django field name: snake_case of the Go name
	goName string
	column string
	col    dialect.Column

	index  []int   // reflect index path from the model struct
	offset uintptr // byte offset from the start of the model struct
	typ    reflect.Type
	base   reflect.Type // value type after removing the pointer / Null wrapper
	kind   kind
	wrap   wrap
	// For wrapNull: offsets of the value and the Valid flag inside the field.
	valOff, validOff uintptr
	valuerOnPtr      bool // kValuer: Value is declared on *Base

	primary    bool
	auto       bool // auto-increment primary key
	autoNow    bool
	autoNowAdd bool
	blank      bool
	typeOpt    string // the type= option, "" if none
	maxLength  int    // validation limit (CharField, or TextField with max_length)
	choices    []string

	hasDefault  bool
	defaultVal  reflect.Value // of type base
	defaultNow  bool          // default=now (time fields)
	defaultUUID bool          // default=uuid4

	fkTarget    reflect.Type // FK[T]: T
	onDelete    string       // SQL ON DELETE action written in the DDL (a backstop: see collect.go)
	del         delAction    // the on_delete option, which Delete carries out itself
	delKey      int64        // set_default and set(N): the key the rows are given
	relatedName string
	oneToOne    bool // OneToOne[T]: UNIQUE, single-valued reverse side

	validators []FieldValidator
}

// modelInfo is the metadata of one model type.
type modelInfo struct {
	typ    reflect.Type
	name   string
	table  string
	fields []*field
	byName map[string]*field // field names, Go names and column names
	pk     *field

	reverseFields []*reverseField // Reverse[T] fields: not columns
	m2m           []*m2mField     // ManyToMany[T] fields: join tables, not columns

	ordering       []orderTerm
	indexes        []dialect.Index
	uniqueTogether [][]string // column names

	beforeSave, afterSave, beforeDelete, cleaner bool

	hasState bool    // the model embeds a ModelState (through orm.Model or itself)
	stateOff uintptr // its offset

	autoNowFields    []*field
	autoNowAddFields []*field
	defaultFields    []*field

	stmts    atomic.Pointer[[]*stmtSet] // per-dialect prepared SQL text
	stmtsMu  sync.Mutex                 // serialises additions to stmts
	scanPool sync.Pool                  // *scanState
}

type orderTerm struct {
	f    *field
	desc bool
}

var (
	timeType        = reflect.TypeFor[time.Time]()
	durationType    = reflect.TypeFor[time.Duration]()
	decimalType     = reflect.TypeFor[decimal.Decimal]()
	scannerType     = reflect.TypeFor[sql.Scanner]()
	valuerType      = reflect.TypeFor[driver.Valuer]()
	metaerType      = reflect.TypeFor[interface{ Meta() Meta }]()
	beforeSaverType = reflect.TypeFor[BeforeSaver]()
	afterSaverType  = reflect.TypeFor[AfterSaver]()
	beforeDelType   = reflect.TypeFor[BeforeDeleter]()
	cleanerType     = reflect.TypeFor[Cleaner]()
	validatingType  = reflect.TypeFor[Validating]()
)

// registry caches metadata per Go type. Each entry is built exactly once
// (sync.Once), even when many goroutines ask for a new type at the same time.
var registry sync.Map // reflect.Type → *regEntry

type regEntry struct {
	once sync.Once
	info *modelInfo
	err  error
}

// infoFor returns the metadata of model type t, building it on first use.
func infoFor(t reflect.Type) (*modelInfo, error) {
	v, ok := registry.Load(t)
	if !ok {
		v, _ = registry.LoadOrStore(t, &regEntry{})
	}
	e := v.(*regEntry)
	e.once.Do(func() {
		e.info, e.err = buildInfo(t)
		if e.err == nil {
			if e.err = registerReverse(e.info); e.err != nil {
				e.info = nil
			} else {
				registerDeleteRels(e.info)
			}
		}
	})
	return e.info, e.err
}

func typeName(t reflect.Type) string {
	if t == nil {
		return "<nil>"
	}
	if t.Name() != "" {
		return t.Name()
	}
	return t.String()
}

type builder struct {
	m      *modelInfo
	errs   []error
	seenAt map[string]int // field name → depth where declared
}

func (b *builder) fail(field, option, format string, args ...any) {
	b.errs = append(b.errs, &ModelError{Model: b.m.name, Field: field, Option: option, Msg: fmt.Sprintf(format, args...)})
}

func buildInfo(t reflect.Type) (*modelInfo, error) {
	if t == nil || t.Kind() != reflect.Struct {
		name := typeName(t)
		return nil, &ModelError{Model: name, Msg: fmt.Sprintf("a model must be a struct type, not %s; declare type %s struct { orm.Model; ... }", kindString(t), name)}
	}
	m := &modelInfo{typ: t, name: typeName(t), byName: map[string]*field{}}
	b := &builder{m: m, seenAt: map[string]int{}}
	b.walk(t, 0, nil, 0)
	if len(b.errs) > 0 {
		return nil, b.errs[0]
	}
	// Shadowed fields (an outer field with the name of an embedded one) were
	// dropped by walk; what is left is in declaration order.
	for _, f := range m.fields {
		if f.primary {
			if m.pk != nil {
				b.fail(f.goName, "primary_key", "a second primary key (the first is %s); a model has exactly one: remove primary_key from one, or stop embedding orm.Model", m.pk.goName)
				continue
			}
			m.pk = f
		}
	}
	if m.pk == nil && len(b.errs) == 0 {
		b.fail("", "", "no primary key; embed orm.Model for the automatic id, or tag one field primary_key")
	}
	// Columns must be unique; names must be unique.
	cols := map[string]string{}
	for _, f := range m.fields {
		if prev, ok := cols[strings.ToLower(f.column)]; ok {
			b.fail(f.goName, "db_column", "duplicate column %q (also used by field %s); give one of them another db_column", f.column, prev)
			continue
		}
		cols[strings.ToLower(f.column)] = f.goName
	}
	// Names resolve to fields; a foreign key also answers to its column
	// (Django's attname, category_id).
	for _, f := range m.fields {
		m.byName[f.name] = f
	}
	for _, f := range m.fields {
		if f.fkTarget != nil {
			if g, ok := m.byName[f.column]; ok && g != f {
				b.fail(f.goName, "db_column", "column %q of this foreign key is also the name of field %s; rename one or set db_column", f.column, g.goName)
				continue
			}
			m.byName[f.column] = f
		}
	}
	if len(b.errs) > 0 {
		return nil, b.errs[0]
	}
	b.applyMeta()
	b.applyHooks()
	b.buildThroughs()
	if len(b.errs) > 0 {
		return nil, b.errs[0]
	}
	for _, f := range m.fields {
		if f.autoNow {
			m.autoNowFields = append(m.autoNowFields, f)
		}
		if f.autoNowAdd {
			m.autoNowAddFields = append(m.autoNowAddFields, f)
		}
		if f.hasDefault {
			m.defaultFields = append(m.defaultFields, f)
		}
	}
	m.scanPool.New = func() any { return newScanState(m) }
	return m, nil
}

func kindString(t reflect.Type) string {
	if t == nil {
		return "nil"
	}
	return t.Kind().String() + " " + t.String()
}

// isValueStruct reports whether struct type t is stored as one column
// rather than flattened as an abstract base.
func isValueStruct(t reflect.Type) bool {
	switch {
	case t == timeType, t == decimalType:
		return true
	case t.Implements(fkMarkerType), t.Implements(reverseMarkerType), t.Implements(m2mMarkerType):
		return true
	case isNullWrapper(t):
		return true
	case reflect.PointerTo(t).Implements(scannerType):
		return true
	}
	return false
}

// isNullWrapper reports whether t is database/sql's Null[T] or one of its
// NullString-style types, or decimal.NullDecimal: a struct of a value and
// a Valid bool.
func isNullWrapper(t reflect.Type) bool {
	if t.Kind() != reflect.Struct || t.NumField() != 2 {
		return false
	}
	if p := t.PkgPath(); p != "database/sql" && p != "github.com/shopspring/decimal" {
		return false
	}
	v := t.Field(1)
	return v.Name == "Valid" && v.Type.Kind() == reflect.Bool
}

func (b *builder) walk(t reflect.Type, offset uintptr, index []int, depth int) {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, hasTag := sf.Tag.Lookup("orm")
		if tag == "-" {
			continue
		}
		idx := append(slices.Clone(index), i)
		if sf.Anonymous && sf.Type == modelStateType {
			if !b.m.hasState {
				b.m.hasState, b.m.stateOff = true, offset+sf.Offset
			}
			continue
		}
		if sf.Anonymous {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct && !isValueStruct(ft.Elem()) {
				b.fail(sf.Name, "", "embedded *%s: embed abstract base models by value (%s, not *%s), or tag it orm:\"-\"", ft.Elem().Name(), ft.Elem().Name(), ft.Elem().Name())
				continue
			}
			if ft.Kind() == reflect.Struct && !isValueStruct(ft) {
				if hasTag && strings.TrimSpace(tag) != "" {
					b.fail(sf.Name, "", "an embedded struct is an abstract base and takes no orm options; put the options on its fields")
					continue
				}
				b.walk(ft, offset+sf.Offset, idx, depth+1)
				continue
			}
		}
		if !sf.IsExported() {
			if hasTag {
				b.fail(sf.Name, "", "unexported fields are not stored; export it or remove the orm tag")
			}
			continue
		}
		if sf.Type.Implements(reverseMarkerType) {
			b.reverseField(sf, tag, offset+sf.Offset)
			continue
		}
		if sf.Type.Implements(m2mMarkerType) {
			b.m2mField(sf, tag, offset+sf.Offset)
			continue
		}
		f := b.field(sf, tag, offset+sf.Offset, idx)
		if f == nil {
			continue
		}
		// Go's promotion rules: the shallower field wins; two at the same
		// depth are ambiguous.
		if d, ok := b.seenAt[f.name]; ok {
			if d == depth {
				b.fail(f.goName, "", "field name %q declared twice at the same embedding depth; rename one", f.name)
				continue
			}
			if d < depth {
				continue // shadowed by an outer field
			}
			// The new field is shallower: replace the deeper one.
			for j, g := range b.m.fields {
				if g.name == f.name {
					b.m.fields = slices.Delete(b.m.fields, j, j+1)
					break
				}
			}
		}
		b.seenAt[f.name] = depth
		b.m.fields = append(b.m.fields, f)
	}
}

// field builds the metadata of one struct field, or records an error and
// returns nil.
func (b *builder) field(sf reflect.StructField, tag string, offset uintptr, index []int) *field {
	f := &field{
		model:  b.m.name,
		name:   snakeCase(sf.Name),
		goName: sf.Name,
		index:  index,
		offset: offset,
		typ:    sf.Type,
	}
	opts, err := parseTag(tag)
	if err != nil {
		b.fail(sf.Name, "", "%v", err)
		return nil
	}
	get := func(k string) (string, bool) {
		for _, o := range opts {
			if o.key == k {
				return o.value, true
			}
		}
		return "", false
	}
	has := func(k string) bool { _, ok := get(k); return ok }
	f.typeOpt, _ = get("type")
	f.typeOpt = strings.ToLower(f.typeOpt)

	if msg := f.classify(); msg != "" {
		b.fail(sf.Name, "type", "%s", msg)
		return nil
	}
	ok := true
	bad := func(option, format string, args ...any) {
		b.fail(sf.Name, option, format, args...)
		ok = false
	}

	f.column = f.name
	if f.fkTarget != nil {
		f.column = f.name + "_id"
	}
	if v, ok := get("db_column"); ok {
		f.column = v
	}
	if err := dialect.CheckIdent(f.column); err != nil {
		bad("db_column", "column name: %v", err)
	}

	f.col = dialect.Column{Name: f.column}
	f.col.Null = has("null")
	f.blank = has("blank")
	f.primary = has("primary_key")
	f.autoNow = has("auto_now")
	f.autoNowAdd = has("auto_now_add")
	f.col.Unique = has("unique")
	dbIndex := has("db_index")

	if f.col.Null && !f.canHoldNull() {
		bad("null", "null needs a Go type that can hold NULL, and %s cannot; use *%s or sql.Null[%s]", sf.Type, sf.Type, sf.Type)
	}

	// Column kind.
	maxLen, hasMaxLen := get("max_length")
	if hasMaxLen {
		n, err := strconv.Atoi(maxLen)
		if err != nil || n <= 0 {
			bad("max_length", "max_length=%q is not a positive integer", maxLen)
		}
		f.maxLength = n
		if !f.isText() {
			bad("max_length", "max_length applies to string fields, not %s; remove it (use max_digits and decimal_places for decimals)", sf.Type)
		}
	}
	f.col.Kind = f.columnKind()
	switch f.typeOpt {
	case "email":
		if f.maxLength == 0 {
			f.maxLength = 254
		}
	case "url":
		if f.maxLength == 0 {
			f.maxLength = 200
		}
	case "slug":
		if f.maxLength == 0 {
			f.maxLength = 50
		}
		dbIndex = true // SlugField has db_index=True
	case "char":
		if f.maxLength == 0 {
			bad("max_length", "type=char needs max_length=N; or drop type=char for a text column")
		}
	}
	if f.col.Kind == dialect.KindChar {
		f.col.Length = f.maxLength
	}

	md, hasMD := get("max_digits")
	dp, hasDP := get("decimal_places")
	if f.kind == kDecimal || (f.kind == kValuer && f.typeOpt == "decimal") {
		if !hasMD || !hasDP {
			bad("max_digits", "a decimal field needs max_digits=N and decimal_places=M (DecimalField(max_digits, decimal_places))")
		} else {
			p, err1 := strconv.Atoi(md)
			s, err2 := strconv.Atoi(dp)
			switch {
			case err1 != nil || p <= 0:
				bad("max_digits", "max_digits=%q is not a positive integer", md)
			case err2 != nil || s < 0:
				bad("decimal_places", "decimal_places=%q is not a non-negative integer", dp)
			case s > p:
				bad("decimal_places", "decimal_places=%d is greater than max_digits=%d; max_digits counts all digits, so raise it", s, p)
			default:
				f.col.Precision, f.col.Scale = p, s
			}
		}
	} else if hasMD || hasDP {
		bad("max_digits", "max_digits and decimal_places apply to decimal.Decimal fields, not %s; remove them", sf.Type)
	}

	if f.autoNow || f.autoNowAdd {
		if f.kind != kTime {
			bad("auto_now", "auto_now and auto_now_add apply to time.Time fields, not %s", sf.Type)
		}
		if f.autoNow && f.autoNowAdd {
			bad("auto_now", "auto_now and auto_now_add are mutually exclusive; keep one")
		}
		if has("default") {
			bad("default", "auto_now, auto_now_add and default are mutually exclusive; keep one")
		}
		if f.primary {
			bad("auto_now", "a primary key cannot be auto_now or auto_now_add")
		}
		// Django: auto_now/auto_now_add imply editable=False, blank=True.
		f.blank = true
	}

	if f.primary {
		f.col.Primary = true
		if f.col.Null {
			bad("null", "a primary key cannot be null; remove null")
		}
		switch f.kind {
		case kInt64, kInt:
			f.auto = true
			f.col.Kind = dialect.KindBigAuto
		case kInt32:
			f.auto = true
			f.col.Kind = dialect.KindAuto
		case kString:
			if f.maxLength == 0 {
				bad("max_length", "a string primary key needs max_length=N (a CharField); text columns cannot be keys on every backend")
			}
		case kUUID, kUUIDString:
		default:
			if f.kind != kValuer {
				bad("primary_key", "a primary key must be int64, int, int32 (auto-increment), a string, or a UUID; %s is not supported", sf.Type)
			}
		}
		if f.fkTarget != nil {
			bad("primary_key", "a foreign key cannot be the primary key (OneToOneField primary keys are not supported yet)")
		}
		if f.wrap != wrapNone {
			bad("primary_key", "a primary key cannot be a pointer or Null type; use %s", f.base)
		}
		f.col.Unique = false // implied by PRIMARY KEY
		f.blank = f.auto     // Django: AutoField is blank=True
		if dbIndex {
			dbIndex = false
		}
	}

	if v, ok := get("choices"); ok {
		if !(f.isText() || isIntKind(f.kind)) {
			bad("choices", "choices apply to string and integer fields, not %s", sf.Type)
		}
		for _, c := range strings.Split(v, "|") {
			c = strings.TrimSpace(c)
			if c == "" {
				bad("choices", "choices=%q has an empty choice; separate values with |", v)
				continue
			}
			if isIntKind(f.kind) {
				if _, err := strconv.ParseInt(c, 10, 64); err != nil {
					bad("choices", "choice %q is not an integer, and %s is an integer field", c, sf.Type)
				}
			} else if f.maxLength > 0 && len([]rune(c)) > f.maxLength {
				bad("choices", "choice %q is longer than max_length=%d", c, f.maxLength)
			}
			f.choices = append(f.choices, c)
		}
		f.col.Choices = f.choices
	}

	if f.fkTarget != nil {
		od, ok := get("on_delete")
		if !ok {
			bad("on_delete", "a foreign key needs on_delete=cascade|protect|restrict|set_null|set_default|set(N)|do_nothing (Django requires it)")
		} else {
			// Delete carries out every on_delete option itself (collect.go);
			// the DDL's ON DELETE is a backstop for deletes made outside
			// the ORM, chosen so that no backend rejects it and none can
			// leave a row pointing at nothing.
			lower := strings.ToLower(strings.TrimSpace(od))
			switch lower {
			case "cascade":
				f.del, f.onDelete = delCascade, "CASCADE"
			case "protect", "restrict":
				// NO ACTION refuses the delete like RESTRICT, and every
				// backend reports it as a foreign-key violation (SQLite
				// reports RESTRICT as a trigger error instead).
				f.del, f.onDelete = delProtect, "NO ACTION"
				if lower == "restrict" {
					f.del = delRestrict
				}
			case "set_null":
				f.del, f.onDelete = delSetNull, "SET NULL"
				if !f.col.Null {
					bad("on_delete", "on_delete=set_null needs null on the field; add null")
				}
			case "set_default":
				// NO ACTION, not SET DEFAULT: InnoDB and Oracle reject ON
				// DELETE SET DEFAULT, and Delete writes the default itself.
				f.del, f.onDelete = delSetDefault, "NO ACTION"
				if !has("default") {
					bad("on_delete", "on_delete=set_default needs a default; add default=N")
				}
			case "do_nothing":
				f.del, f.onDelete = delDoNothing, ""
			default:
				if arg, isSet := strings.CutPrefix(lower, "set("); isSet && strings.HasSuffix(arg, ")") {
					f.del, f.onDelete = delSet, "NO ACTION"
					if err := f.parseSetKey(strings.TrimSuffix(arg, ")")); err != nil {
						bad("on_delete", "on_delete=%s: %v", od, err)
					}
					break
				}
				bad("on_delete", "on_delete=%q is not one of cascade, protect, restrict, set_null, set_default, set(N), do_nothing", od)
			}
		}
		f.relatedName, _ = get("related_name")
		if f.relatedName != "" && f.relatedName != "+" {
			if err := dialect.CheckIdent(f.relatedName); err != nil {
				bad("related_name", "%v", err)
			}
		}
		if f.oneToOne {
			f.col.Unique = true // Django's OneToOneField: unique=True
		}
		// Django: ForeignKey has db_index=True.
		if !f.col.Unique {
			dbIndex = true
		}
	} else if has("on_delete") || has("related_name") {
		bad("on_delete", "on_delete and related_name apply to orm.FK[T] and orm.OneToOne[T] fields, not %s", sf.Type)
	}
	if has("db_table") {
		bad("db_table", "db_table applies to orm.ManyToMany[T] fields (the join table), not %s; a model's table is set by its Meta method", sf.Type)
	}
	if has("related") {
		bad("related", "related=<name> applies to orm.Reverse[T] fields, not %s; a foreign key names its reverse side with related_name", sf.Type)
	}
	if false {
		bad("on_delete", "on_delete and related_name apply to orm.FK[T] fields, not %s", sf.Type)
	}

	if v, ok := get("default"); ok {
		if err := f.parseDefault(v); err != nil {
			bad("default", "%v", err)
		} else if f.del == delSetDefault && f.defaultVal.IsValid() {
			f.delKey = f.defaultVal.Int()
		}
	}
	if dbIndex && !f.col.Unique && !f.primary {
		b.m.indexes = append(b.m.indexes, dialect.Index{Columns: []string{f.column}})
	}
	if !ok {
		return nil
	}
	return f
}

// classify sets kind, wrap, base and (for FK) fkTarget from the Go type and
// type= option. It returns a message when the type is not supported.
func (f *field) classify() string {
	t := f.typ
	f.base = t
	switch {
	case t.Implements(fkMarkerType):
		f.fkTarget = reflect.Zero(t).Interface().(fkMarker).fkTarget()
		f.oneToOne = t.Implements(oneToOneMarkerType)
		f.wrap = wrapNull
		f.kind = kInt64
		f.base = reflect.TypeFor[int64]()
		f.valOff, f.validOff = fkIDOffset, fkValidOffset
		if f.typeOpt != "" {
			return "type= does not apply to orm.FK fields; remove it"
		}
		return ""
	case t.Kind() == reflect.Pointer && f.typeOpt != "json":
		f.wrap = wrapPtr
		f.base = t.Elem()
		if f.base.Kind() == reflect.Pointer {
			return fmt.Sprintf("pointer to pointer (%s) is not supported; use one pointer", t)
		}
	case t.Kind() == reflect.Pointer && f.typeOpt == "json":
		f.wrap = wrapPtr
		f.base = t.Elem()
	case isNullWrapper(t):
		f.wrap = wrapNull
		f.base = t.Field(0).Type
		f.valOff = t.Field(0).Offset
		f.validOff = t.Field(1).Offset
	}
	bt := f.base
	switch f.typeOpt {
	case "", "email", "url", "slug", "text", "char", "uuid", "json", "date", "time", "datetime",
		"int", "bigint", "smallint", "float", "bool", "decimal", "duration", "binary":
	default:
		return fmt.Sprintf("type=%s is unknown; use one of email, url, slug, text, char, uuid, json, date, time, datetime (and for sql.Scanner types: int, bigint, smallint, float, bool, decimal, duration, binary)", f.typeOpt)
	}
	if f.typeOpt == "json" {
		f.kind = kJSON
		return ""
	}
	switch {
	case bt == timeType:
		f.kind = kTime
		switch f.typeOpt {
		case "", "datetime", "date", "time":
		default:
			return fmt.Sprintf("type=%s does not apply to time.Time; use date, time or datetime", f.typeOpt)
		}
		return ""
	case bt == durationType:
		f.kind = kDuration
	case bt == decimalType:
		f.kind = kDecimal
	case bt.Kind() == reflect.Slice && bt.Elem().Kind() == reflect.Uint8:
		f.kind = kBytes
		if f.typeOpt != "" && f.typeOpt != "binary" {
			return fmt.Sprintf("type=%s does not apply to %s; use type=json to store JSON, or no type for a binary column", f.typeOpt, bt)
		}
		return ""
	case bt.Kind() == reflect.Array && bt.Len() == 16 && bt.Elem().Kind() == reflect.Uint8:
		f.kind = kUUID
		if f.typeOpt != "" && f.typeOpt != "uuid" {
			return fmt.Sprintf("type=%s does not apply to %s (a 16-byte UUID); remove it", f.typeOpt, bt)
		}
		return ""
	case reflect.PointerTo(bt).Implements(scannerType) && (bt.Implements(valuerType) || reflect.PointerTo(bt).Implements(valuerType)):
		f.kind = kValuer
		f.valuerOnPtr = !bt.Implements(valuerType)
		if f.typeOpt == "" {
			return fmt.Sprintf("%s is a custom sql.Scanner: say which column type stores it with type=char|text|int|bigint|smallint|float|bool|decimal|date|datetime|time|duration|uuid|json|binary", bt)
		}
		return ""
	default:
		switch bt.Kind() {
		case reflect.String:
			f.kind = kString
			if f.typeOpt == "uuid" {
				f.kind = kUUIDString
			}
			switch f.typeOpt {
			case "", "email", "url", "slug", "text", "char", "uuid":
				return ""
			}
			return fmt.Sprintf("type=%s does not apply to a string; use email, url, slug, text, char, uuid or json", f.typeOpt)
		case reflect.Bool:
			f.kind = kBool
		case reflect.Int8:
			f.kind = kInt8
		case reflect.Int16:
			f.kind = kInt16
		case reflect.Int32:
			f.kind = kInt32
		case reflect.Int64:
			f.kind = kInt64
		case reflect.Int:
			f.kind = kInt
		case reflect.Uint8:
			f.kind = kUint8
		case reflect.Uint16:
			f.kind = kUint16
		case reflect.Uint32:
			f.kind = kUint32
		case reflect.Uint64:
			f.kind = kUint64
		case reflect.Uint:
			f.kind = kUint
		case reflect.Float32:
			f.kind = kFloat32
		case reflect.Float64:
			f.kind = kFloat64
		default:
			return fmt.Sprintf("%s cannot be stored in a column; use type=json to store it as JSON, orm:\"-\" to skip it, or a supported type (string, bool, integers, floats, time.Time, time.Duration, decimal.Decimal, []byte, a UUID, orm.FK[T], pointers and sql.Null[T] of these)", f.typ)
		}
	}
	if f.typeOpt != "" {
		return fmt.Sprintf("type=%s does not apply to %s; remove it (type=json stores any value as JSON)", f.typeOpt, bt)
	}
	return ""
}

// canHoldNull reports whether the Go type has a representation for NULL.
func (f *field) canHoldNull() bool {
	if f.wrap != wrapNone {
		return true
	}
	switch f.kind {
	case kBytes, kValuer:
		return true
	case kJSON:
		switch f.base.Kind() {
		case reflect.Map, reflect.Slice, reflect.Interface, reflect.Pointer:
			return true
		}
	}
	return false
}

func (f *field) isText() bool {
	return f.kind == kString || (f.kind == kValuer && (f.typeOpt == "char" || f.typeOpt == "text" || f.typeOpt == "email" || f.typeOpt == "url" || f.typeOpt == "slug"))
}

func isIntKind(k kind) bool { return k >= kInt8 && k <= kUint }

// columnKind maps the Go kind and type= option to the neutral column kind.
func (f *field) columnKind() dialect.Kind {
	if f.fkTarget != nil {
		return dialect.KindBigInt // refined from the target's primary key by tableFor
	}
	switch f.kind {
	case kString, kValuer:
		switch f.typeOpt {
		case "email", "url", "slug", "char":
			return dialect.KindChar
		case "text":
			return dialect.KindText
		case "", "uuid", "json":
		default:
			return valuerKinds[f.typeOpt]
		}
		if f.typeOpt == "uuid" {
			return dialect.KindUUID
		}
		if f.typeOpt == "json" {
			return dialect.KindJSON
		}
		if f.maxLength > 0 {
			return dialect.KindChar
		}
		return dialect.KindText
	case kUUIDString, kUUID:
		return dialect.KindUUID
	case kBool:
		return dialect.KindBool
	case kInt8, kInt16:
		return dialect.KindSmallInt
	case kInt32:
		return dialect.KindInt
	case kInt64, kInt:
		return dialect.KindBigInt
	// Unsigned Go types get the smallest positive column that holds every
	// value of the type: uint8 → smallint, uint16 → integer, uint32 and up
	// → bigint (uint64 values above MaxInt64 are refused on save).
	case kUint8:
		return dialect.KindPositiveSmallInt
	case kUint16:
		return dialect.KindPositiveInt
	case kUint32, kUint64, kUint:
		return dialect.KindPositiveBigInt
	case kFloat32, kFloat64:
		return dialect.KindFloat
	case kTime:
		switch f.typeOpt {
		case "date":
			return dialect.KindDate
		case "time":
			return dialect.KindTime
		}
		return dialect.KindDateTime
	case kDuration:
		return dialect.KindDuration
	case kDecimal:
		return dialect.KindDecimal
	case kBytes:
		return dialect.KindBinary
	case kJSON:
		return dialect.KindJSON
	}
	return dialect.KindInvalid
}

var valuerKinds = map[string]dialect.Kind{
	"int": dialect.KindInt, "bigint": dialect.KindBigInt, "smallint": dialect.KindSmallInt,
	"float": dialect.KindFloat, "bool": dialect.KindBool, "decimal": dialect.KindDecimal,
	"date": dialect.KindDate, "datetime": dialect.KindDateTime, "time": dialect.KindTime,
	"duration": dialect.KindDuration, "binary": dialect.KindBinary,
}

// parseDefault parses the default= option for the field's type.
func (f *field) parseDefault(s string) error {
	f.hasDefault = true
	bt := f.base
	set := func(v reflect.Value, ddl any) {
		f.defaultVal = v
		f.col.Default = ddl
		f.col.HasDefault = ddl != nil
	}
	switch f.kind {
	case kString:
		if f.maxLength > 0 && len([]rune(s)) > f.maxLength {
			return fmt.Errorf("default %q is longer than max_length=%d", s, f.maxLength)
		}
		set(reflect.ValueOf(s).Convert(bt), s)
	case kBool:
		v, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("default=%q is not a boolean; write true or false", s)
		}
		set(reflect.ValueOf(v).Convert(bt), v)
	case kInt8, kInt16, kInt32, kInt64, kInt:
		v, err := strconv.ParseInt(s, 10, bt.Bits())
		if err != nil {
			return fmt.Errorf("default=%q is not a %d-bit integer", s, bt.Bits())
		}
		set(reflect.ValueOf(v).Convert(bt), v)
	case kUint8, kUint16, kUint32, kUint64, kUint:
		v, err := strconv.ParseUint(s, 10, bt.Bits())
		if err != nil || v > math.MaxInt64 {
			return fmt.Errorf("default=%q is not a non-negative %d-bit integer", s, bt.Bits())
		}
		set(reflect.ValueOf(v).Convert(bt), int64(v))
	case kFloat32, kFloat64:
		v, err := strconv.ParseFloat(s, bt.Bits())
		if err != nil {
			return fmt.Errorf("default=%q is not a number", s)
		}
		set(reflect.ValueOf(v).Convert(bt), v)
	case kDecimal:
		d, err := decimal.NewFromString(s)
		if err != nil {
			return fmt.Errorf("default=%q is not a decimal number", s)
		}
		if f.col.Precision > 0 {
			if msg := decimalDigitsError(d, f.col.Precision, f.col.Scale); msg != "" {
				return fmt.Errorf("default=%s does not fit max_digits=%d, decimal_places=%d: %s", s, f.col.Precision, f.col.Scale, msg)
			}
		}
		set(reflect.ValueOf(d), d)
	case kTime:
		if s != "now" {
			return fmt.Errorf("default=%q: a time field's default can only be now (Django's default=timezone.now); or use auto_now_add", s)
		}
		f.defaultNow = true
	case kDuration:
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("default=%q is not a Go duration such as 1h30m", s)
		}
		set(reflect.ValueOf(d), nil)
	case kUUID, kUUIDString:
		if s != "uuid4" {
			return fmt.Errorf("default=%q: a UUID field's default can only be uuid4 (a new random UUID, Django's default=uuid.uuid4)", s)
		}
		f.defaultUUID = true
	case kJSON:
		p := reflect.New(bt)
		if err := json.Unmarshal([]byte(s), p.Interface()); err != nil {
			return fmt.Errorf("default=%q does not decode into %s: %v; quote JSON containing commas: default='{\"a\":1,\"b\":2}'", s, bt, err)
		}
		set(p.Elem(), nil)
	default:
		return fmt.Errorf("default is not supported for %s fields", f.typ)
	}
	if len(f.choices) > 0 && f.col.Default != nil {
		if !slices.Contains(f.choices, fmt.Sprint(f.col.Default)) {
			return fmt.Errorf("default=%q is not one of the choices %s", s, strings.Join(f.choices, "|"))
		}
	}
	return nil
}

// applyMeta reads the optional Meta method.
func (b *builder) applyMeta() {
	m := b.m
	m.table = snakeCase(m.typ.Name())
	if reflect.PointerTo(m.typ).Implements(metaerType) {
		meta := reflect.New(m.typ).Interface().(interface{ Meta() Meta }).Meta()
		if meta.Table != "" {
			m.table = meta.Table
		}
		for _, o := range meta.Ordering {
			name, desc := strings.CutPrefix(o, "-")
			f, ok := m.byName[name]
			if name == "pk" {
				f, ok = m.pk, m.pk != nil
			}
			if !ok {
				b.fail("", "Meta.Ordering", "unknown field %q; valid fields are %s", name, m.fieldList())
				continue
			}
			m.ordering = append(m.ordering, orderTerm{f: f, desc: desc})
		}
		for i, ix := range meta.Indexes {
			if len(ix.Fields) == 0 {
				b.fail("", "Meta.Indexes", "index %d has no fields", i)
				continue
			}
			cols, ok := b.columns("Meta.Indexes", ix.Fields)
			if !ok {
				continue
			}
			if ix.Name != "" {
				if err := dialect.CheckIdent(ix.Name); err != nil {
					b.fail("", "Meta.Indexes", "index name: %v", err)
					continue
				}
			}
			m.indexes = append(m.indexes, dialect.Index{Name: ix.Name, Columns: cols, Unique: ix.Unique})
		}
		for _, ut := range meta.UniqueTogether {
			if len(ut) == 0 {
				continue
			}
			cols, ok := b.columns("Meta.UniqueTogether", ut)
			if ok {
				m.uniqueTogether = append(m.uniqueTogether, cols)
			}
		}
	}
	if m.typ.Name() == "" {
		b.fail("", "", "an anonymous struct type cannot be a model; declare a named type")
		return
	}
	if err := dialect.CheckIdent(m.table); err != nil {
		b.fail("", "Meta.Table", "table name: %v", err)
	}
}

func (b *builder) columns(option string, names []string) ([]string, bool) {
	cols := make([]string, 0, len(names))
	for _, n := range names {
		f, ok := b.m.byName[n]
		if !ok {
			b.fail("", option, "unknown field %q; valid fields are %s", n, b.m.fieldList())
			return nil, false
		}
		cols = append(cols, f.column)
	}
	return cols, true
}

func (m *modelInfo) fieldList() string {
	names := make([]string, 0, len(m.fields)+1)
	names = append(names, "pk")
	for _, f := range m.fields {
		names = append(names, f.name)
	}
	return strings.Join(names, ", ")
}

// applyHooks records which optional interfaces the model implements and
// collects its field validators.
func (b *builder) applyHooks() {
	m := b.m
	pt := reflect.PointerTo(m.typ)
	m.beforeSave = pt.Implements(beforeSaverType)
	m.afterSave = pt.Implements(afterSaverType)
	m.beforeDelete = pt.Implements(beforeDelType)
	m.cleaner = pt.Implements(cleanerType)
	if pt.Implements(validatingType) {
		for _, v := range reflect.New(m.typ).Interface().(Validating).Validators() {
			f, ok := m.byName[v.field]
			if !ok || f.name != v.field {
				b.fail("", "Validators", "validator for unknown field %q; valid fields are %s", v.field, m.fieldList())
				continue
			}
			if v.fn == nil {
				b.fail(f.goName, "Validators", "nil validator function")
				continue
			}
			if v.typ != f.typ {
				b.fail(f.goName, "Validators", "validator takes %s but the field is %s; use orm.Validator(%q, func(v %s) error {...})", v.typ, f.typ, f.name, f.typ)
				continue
			}
			f.validators = append(f.validators, v)
		}
	}
}

// checkRelations validates what needs other models' metadata: every FK
// target is a valid model with an integer primary key.
func (m *modelInfo) checkRelations() error {
	for _, f := range m.fields {
		if f.fkTarget == nil {
			continue
		}
		if _, err := f.targetPK(m); err != nil {
			return err
		}
	}
	return nil
}

// targetPK returns the primary key field of f's FK target.
func (f *field) targetPK(m *modelInfo) (*field, error) {
	var tm *modelInfo
	if f.fkTarget == m.typ {
		tm = m
	} else {
		var err error
		tm, err = infoFor(f.fkTarget)
		if err != nil {
			return nil, &ModelError{Model: m.name, Field: f.goName, Msg: fmt.Sprintf("FK target %s is not a valid model: %v", typeName(f.fkTarget), err)}
		}
	}
	switch tm.pk.kind {
	case kInt8, kInt16, kInt32, kInt64, kInt, kUint8, kUint16, kUint32, kUint64, kUint:
	default:
		return nil, &ModelError{Model: m.name, Field: f.goName, Msg: fmt.Sprintf("FK[%s] needs an integer primary key on %s, which has %s %s", tm.name, tm.name, tm.pk.goName, tm.pk.typ)}
	}
	return tm.pk, nil
}

// targetTable returns the FK target's metadata.
func (f *field) targetInfo(m *modelInfo) (*modelInfo, error) {
	if f.fkTarget == m.typ {
		return m, nil
	}
	return infoFor(f.fkTarget)
}

// ptr returns the address of f inside the struct at p.
func (f *field) ptr(p unsafe.Pointer) unsafe.Pointer { return unsafe.Add(p, f.offset) }

// intValue reads an integer field (the primary key, usually) as int64.
func (f *field) intValue(p unsafe.Pointer) (int64, bool) {
	if f.wrap != wrapNone {
		return 0, false
	}
	fp := f.ptr(p)
	switch f.kind {
	case kInt64:
		return *(*int64)(fp), true
	case kInt:
		return int64(*(*int)(fp)), true
	case kInt32:
		return int64(*(*int32)(fp)), true
	case kInt16:
		return int64(*(*int16)(fp)), true
	case kInt8:
		return int64(*(*int8)(fp)), true
	case kUint8:
		return int64(*(*uint8)(fp)), true
	case kUint16:
		return int64(*(*uint16)(fp)), true
	case kUint32:
		return int64(*(*uint32)(fp)), true
	case kUint64:
		return int64(*(*uint64)(fp)), true
	case kUint:
		return int64(*(*uint)(fp)), true
	}
	return 0, false
}

// keyIsZero is isZero for a primary key, without reflection for integers.
func (f *field) keyIsZero(p unsafe.Pointer) bool {
	if v, ok := f.intValue(p); ok {
		return v == 0
	}
	return f.isZero(p)
}

// isZero reports whether the field holds its Go zero value (nil pointer,
// invalid Null, zero base value).
func (f *field) isZero(p unsafe.Pointer) bool {
	return reflect.NewAt(f.typ, f.ptr(p)).Elem().IsZero()
}

// valueOf returns the field of the struct at p as an interface (a copy).
func (f *field) valueOf(p unsafe.Pointer) any {
	return reflect.NewAt(f.typ, f.ptr(p)).Elem().Interface()
}
