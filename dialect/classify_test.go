package dialect_test

import (
	"database/sql"
	"errors"
	"fmt"
	"testing"

	gomysql "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
	"github.com/sijms/go-ora/v2/network"

	"github.com/sqlorm/sqlorm/dialect"
)

func pgErr(code, constraint, table, column string) error {
	return &pgconn.PgError{Severity: "ERROR", Code: code, Message: "boom", ConstraintName: constraint, TableName: table, ColumnName: column}
}

func myErr(n uint16, msg string) error { return &gomysql.MySQLError{Number: n, Message: msg} }

func liteErr(ext sqlite3.ErrNoExtended) error {
	return sqlite3.Error{Code: sqlite3.ErrConstraint, ExtendedCode: ext}
}

func oraErr(code int, msg string) error { return &network.OracleError{ErrCode: code, ErrMsg: msg} }

// Error is a look-alike of go-sqlite3's Error in another package: the
// reflection match is on the package path too, so it is not recognised.
type Error struct{ ExtendedCode int }

func (Error) Error() string { return "not sqlite" }

func TestClassifyError(t *testing.T) {
	type want struct {
		v                         dialect.Violation
		constraint, table, column string
	}
	tests := []struct {
		name    string
		dialect dialect.Name
		err     error
		want    *want // nil: returned unchanged
	}{
		{"pg unique", dialect.Postgres, pgErr("23505", "t_a_uniq", "t", ""), &want{dialect.UniqueViolation, "t_a_uniq", "t", ""}},
		{"pg foreign key", dialect.Postgres, pgErr("23503", "t_o_fk", "t", ""), &want{dialect.ForeignKeyViolation, "t_o_fk", "t", ""}},
		{"pg not null", dialect.Postgres, pgErr("23502", "", "t", "a"), &want{dialect.NotNullViolation, "", "t", "a"}},
		{"pg check", dialect.Postgres, pgErr("23514", "t_a_check", "t", ""), &want{dialect.CheckViolation, "t_a_check", "t", ""}},
		{"pg exclusion is not classified", dialect.Postgres, pgErr("23P01", "x", "t", ""), nil},
		{"pg syntax error", dialect.Postgres, pgErr("42601", "", "", ""), nil},

		{"mysql duplicate", dialect.MySQL, myErr(1062, "Duplicate entry 'a' for key 't_a_uniq'"), &want{dialect.UniqueViolation, "t_a_uniq", "", ""}},
		{"mysql 8 duplicate names table.key", dialect.MySQL, myErr(1062, "Duplicate entry 'x' for key 't.t_a_uniq'"), &want{dialect.UniqueViolation, "t_a_uniq", "", ""}},
		{"mysql duplicate with tricky entry", dialect.MySQL, myErr(1062, "Duplicate entry 'for key 'x'' for key 'PRIMARY'"), &want{dialect.UniqueViolation, "PRIMARY", "", ""}},
		{"mysql duplicate with key name", dialect.MySQL, myErr(1586, "Duplicate entry 'a' for key 'k'"), &want{dialect.UniqueViolation, "k", "", ""}},
		{"mysql no parent", dialect.MySQL, myErr(1452, "Cannot add or update a child row: a foreign key constraint fails (`db`.`t`, CONSTRAINT `t_o_fk` FOREIGN KEY (`o`) REFERENCES `o` (`id`))"), &want{dialect.ForeignKeyViolation, "t_o_fk", "", ""}},
		{"mysql referenced", dialect.MySQL, myErr(1451, "Cannot delete or update a parent row: a foreign key constraint fails (`db`.`t`, CONSTRAINT `t_o_fk` FOREIGN KEY (`o`) REFERENCES `o` (`id`))"), &want{dialect.ForeignKeyViolation, "t_o_fk", "", ""}},
		{"mysql old no parent", dialect.MySQL, myErr(1216, "Cannot add or update a child row: a foreign key constraint fails"), &want{dialect.ForeignKeyViolation, "", "", ""}},
		{"mysql old referenced", dialect.MySQL, myErr(1217, "Cannot delete or update a parent row: a foreign key constraint fails"), &want{dialect.ForeignKeyViolation, "", "", ""}},
		{"mysql null", dialect.MySQL, myErr(1048, "Column 'a' cannot be null"), &want{dialect.NotNullViolation, "", "", ""}},
		{"mysql no default", dialect.MySQL, myErr(1364, "Field 'a' doesn't have a default value"), &want{dialect.NotNullViolation, "", "", ""}},
		{"mysql check", dialect.MySQL, myErr(3819, "Check constraint 't_a_check' is violated."), &want{dialect.CheckViolation, "t_a_check", "", ""}},
		{"mariadb check", dialect.MySQL, myErr(4025, "CONSTRAINT `t_a_check` failed for `db`.`t`"), &want{dialect.CheckViolation, "t_a_check", "", ""}},
		{"mysql deadlock", dialect.MySQL, myErr(1213, "Deadlock found"), nil},
		{"mysql message alone does not classify", dialect.MySQL, myErr(1105, "Duplicate entry 'a' for key 'k'"), nil},

		{"sqlite unique", dialect.SQLite, liteErr(sqlite3.ErrConstraintUnique), &want{dialect.UniqueViolation, "", "", ""}},
		{"sqlite primary key", dialect.SQLite, liteErr(sqlite3.ErrConstraintPrimaryKey), &want{dialect.UniqueViolation, "", "", ""}},
		{"sqlite foreign key", dialect.SQLite, liteErr(sqlite3.ErrConstraintForeignKey), &want{dialect.ForeignKeyViolation, "", "", ""}},
		{"sqlite not null", dialect.SQLite, liteErr(sqlite3.ErrConstraintNotNull), &want{dialect.NotNullViolation, "", "", ""}},
		{"sqlite check", dialect.SQLite, liteErr(sqlite3.ErrConstraintCheck), &want{dialect.CheckViolation, "", "", ""}},
		{"sqlite pointer", dialect.SQLite, &sqlite3.Error{Code: sqlite3.ErrConstraint, ExtendedCode: sqlite3.ErrConstraintUnique}, &want{dialect.UniqueViolation, "", "", ""}},
		{"sqlite nil pointer", dialect.SQLite, (*sqlite3.Error)(nil), nil},
		{"sqlite trigger is not classified", dialect.SQLite, liteErr(sqlite3.ErrConstraintTrigger), nil},
		{"sqlite busy", dialect.SQLite, sqlite3.Error{Code: sqlite3.ErrBusy, ExtendedCode: 5}, nil},
		{"sqlite look-alike type", dialect.SQLite, Error{ExtendedCode: 2067}, nil},

		{"oracle unique", dialect.Oracle, oraErr(1, "ORA-00001: unique constraint (APP.T_A_UNIQ) violated"), &want{dialect.UniqueViolation, "T_A_UNIQ", "", ""}},
		{"oracle parent missing", dialect.Oracle, oraErr(2291, "ORA-02291: integrity constraint (APP.T_O_FK) violated - parent key not found"), &want{dialect.ForeignKeyViolation, "T_O_FK", "", ""}},
		{"oracle child found", dialect.Oracle, oraErr(2292, "ORA-02292: integrity constraint (APP.T_O_FK) violated - child record found"), &want{dialect.ForeignKeyViolation, "T_O_FK", "", ""}},
		{"oracle insert null", dialect.Oracle, oraErr(1400, `ORA-01400: cannot insert NULL into ("APP"."T"."A")`), &want{dialect.NotNullViolation, "", "T", "A"}},
		{"oracle update null", dialect.Oracle, oraErr(1407, `ORA-01407: cannot update ("APP"."T"."A") to NULL`), &want{dialect.NotNullViolation, "", "T", "A"}},
		{"oracle check", dialect.Oracle, oraErr(2290, "ORA-02290: check constraint (APP.T_A_CHECK) violated"), &want{dialect.CheckViolation, "T_A_CHECK", "", ""}},
		{"oracle untranslated message", dialect.Oracle, oraErr(1, ""), &want{dialect.UniqueViolation, "", "", ""}},
		{"oracle missing table", dialect.Oracle, oraErr(942, "ORA-00942: table or view does not exist"), nil},

		{"pg error on mysql", dialect.MySQL, pgErr("23505", "x", "t", ""), nil},
		{"mysql error on postgres", dialect.Postgres, myErr(1062, "Duplicate entry"), nil},
		{"sqlite error on oracle", dialect.Oracle, liteErr(sqlite3.ErrConstraintUnique), nil},
		{"plain error", dialect.Postgres, errors.New("connection reset"), nil},
		{"sql.ErrNoRows", dialect.SQLite, sql.ErrNoRows, nil},
	}
	for _, tt := range tests {
		wrappings := []struct {
			name string
			wrap func(error) error
		}{
			{"bare", func(e error) error { return e }},
			{"fmt %w", func(e error) error { return fmt.Errorf("insert into t: %w", e) }},
			{"twice", func(e error) error { return fmt.Errorf("save: %w", fmt.Errorf("exec: %w", e)) }},
			{"errors.Join", func(e error) error { return errors.Join(errors.New("first"), e) }},
		}
		for _, w := range wrappings {
			t.Run(tt.name+"/"+w.name, func(t *testing.T) {
				in := w.wrap(tt.err)
				got := mustGet(t, tt.dialect).ClassifyError(in)
				if tt.want == nil {
					if got != in {
						t.Fatalf("got %v, want the same error back", got)
					}
					return
				}
				var ce *dialect.ConstraintError
				if !errors.As(got, &ce) {
					t.Fatalf("got %T %v, want a *ConstraintError", got, got)
				}
				if ce.Violation != tt.want.v || ce.Constraint != tt.want.constraint || ce.Table != tt.want.table || ce.Column != tt.want.column {
					t.Errorf("got %+v, want %+v", *ce, *tt.want)
				}
				if ce.Err != in {
					t.Errorf("Err is %v, want the error passed in", ce.Err)
				}
				sentinels := map[dialect.Violation]error{
					dialect.UniqueViolation: dialect.ErrUniqueViolation, dialect.ForeignKeyViolation: dialect.ErrForeignKeyViolation,
					dialect.NotNullViolation: dialect.ErrNotNullViolation, dialect.CheckViolation: dialect.ErrCheckViolation,
				}
				for v, s := range sentinels {
					if errors.Is(got, s) != (v == tt.want.v) {
						t.Errorf("errors.Is(err, %v) = %v", s, errors.Is(got, s))
					}
				}
				// The driver's own error stays reachable.
				if !errors.Is(got, tt.err) {
					t.Errorf("errors.Is does not reach the driver error")
				}
				if again := mustGet(t, tt.dialect).ClassifyError(got); again != got {
					t.Errorf("classifying twice wraps again: %v", again)
				}
				if wrapped := fmt.Errorf("ctx: %w", got); mustGet(t, tt.dialect).ClassifyError(wrapped) != wrapped {
					t.Errorf("an already classified error, wrapped, is classified again")
				}
			})
		}
	}
}

func TestClassifyErrorDriverTypesReachable(t *testing.T) {
	got := mustGet(t, dialect.Postgres).ClassifyError(fmt.Errorf("x: %w", pgErr("23505", "c", "t", "")))
	var pe *pgconn.PgError
	if !errors.As(got, &pe) || pe.Code != "23505" {
		t.Errorf("errors.As *pgconn.PgError failed on %v", got)
	}
	got = mustGet(t, dialect.MySQL).ClassifyError(myErr(1062, "Duplicate entry 'a' for key 'k'"))
	var me *gomysql.MySQLError
	if !errors.As(got, &me) || me.Number != 1062 {
		t.Errorf("errors.As *mysql.MySQLError failed on %v", got)
	}
	got = mustGet(t, dialect.SQLite).ClassifyError(liteErr(sqlite3.ErrConstraintCheck))
	var se sqlite3.Error
	if !errors.As(got, &se) || se.ExtendedCode != sqlite3.ErrConstraintCheck {
		t.Errorf("errors.As sqlite3.Error failed on %v", got)
	}
	got = mustGet(t, dialect.Oracle).ClassifyError(oraErr(1, "ORA-00001: unique constraint (A.B) violated"))
	var oe *network.OracleError
	if !errors.As(got, &oe) || oe.ErrCode != 1 {
		t.Errorf("errors.As *network.OracleError failed on %v", got)
	}
}

func TestClassifyErrorNil(t *testing.T) {
	for _, d := range dialect.All() {
		if err := d.ClassifyError(nil); err != nil {
			t.Errorf("%s: ClassifyError(nil) = %v", d.Name(), err)
		}
	}
}

func TestConstraintErrorMessage(t *testing.T) {
	err := mustGet(t, dialect.Postgres).ClassifyError(pgErr("23505", "t_a_uniq", "t", ""))
	want := `sqlorm: unique constraint violated (constraint "t_a_uniq"): ERROR: boom (SQLSTATE 23505)`
	if err.Error() != want {
		t.Errorf("got %q, want %q", err.Error(), want)
	}
}
