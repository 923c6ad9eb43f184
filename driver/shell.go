package driver

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/xo/dburl"

	"github.com/sqlorm/sqlorm/dialect"
)

// ServerAddr is where a server URL points: each field "" when the URL
// leaves it out.
type ServerAddr struct {
	Host, Port, Database string
	// MariaDB: the URL's scheme says MariaDB (mariadb://), which shares
	// the MySQL dialect.
	MariaDB bool
}

// Server returns the server the URL of cfg names, and ok false for a
// backend that has no server (SQLite). A URL that cannot be read is an
// error.
func Server(cfg Config) (addr ServerAddr, ok bool, err error) {
	if cfg.Dialect == dialect.SQLite {
		return ServerAddr{}, false, nil
	}
	u, err := parseDBURL(cfg.URL)
	if err != nil {
		return ServerAddr{}, false, err
	}
	return ServerAddr{Host: u.Hostname(), Port: u.Port(), Database: strings.TrimLeft(u.Path, "/"),
		MariaDB: u.OriginalScheme == "mariadb" || u.OriginalScheme == "maria"}, true, nil
}

// FilePath returns the file of a file-based database (SQLite), and false
// for a server database or an in-memory one. Tools use it to tell a
// missing file apart before opening, which would create it.
func FilePath(cfg Config) (string, bool) {
	if cfg.Dialect != dialect.SQLite {
		return "", false
	}
	u, err := parseDBURL(cfg.URL)
	if err != nil {
		return "", false
	}
	dsn, _, err := dburl.GenOpaque(u)
	if err != nil {
		return "", false
	}
	path, query, _ := strings.Cut(dsn, "?")
	q, _ := url.ParseQuery(query)
	path = strings.TrimPrefix(path, "file:")
	if path == "" || path == ":memory:" || q.Get("mode") == "memory" {
		return "", false
	}
	return path, true
}

// Shell is the backend's own command-line client for a database, as
// Django's dbshell runs it: Name on PATH (the first of Names found), Args,
// and Env to add to the environment (passwords travel there, not in Args,
// where the client supports it).
type Shell struct {
	Names []string // candidates in order: "psql"; "mariadb", "mysql"; "sqlite3"; "sqlplus"
	Args  []string
	Env   []string // KEY=value
}

// ShellCommand returns the client command for cfg: psql with -h, -p, -U,
// -d (PGPASSWORD, PGSSLMODE and a search_path through PGOPTIONS in Env);
// mariadb or mysql with -h, -P, -u and the database (MYSQL_PWD); sqlite3
// with the file; sqlplus with user/password@//host:port/service (sqlplus
// takes the password nowhere else). extra is appended to Args.
func ShellCommand(cfg Config, extra ...string) (Shell, error) {
	u, err := parseDBURL(cfg.URL)
	if err != nil {
		return Shell{}, err
	}
	user := ""
	pass, hasPass := "", false
	if u.User != nil {
		user = u.User.Username()
		pass, hasPass = u.User.Password()
	}
	q := u.Query()
	db := strings.TrimPrefix(u.Path, "/")
	var s Shell
	switch cfg.Dialect {
	case dialect.Postgres:
		s.Names = []string{"psql"}
		if h := u.Hostname(); h != "" {
			s.Args = append(s.Args, "-h", h)
		} else if h := q.Get("host"); h != "" {
			s.Args = append(s.Args, "-h", h)
		}
		if p := u.Port(); p != "" {
			s.Args = append(s.Args, "-p", p)
		}
		if user != "" {
			s.Args = append(s.Args, "-U", user)
		}
		if db != "" {
			s.Args = append(s.Args, "-d", db)
		}
		if hasPass {
			s.Env = append(s.Env, "PGPASSWORD="+pass)
		}
		if m := q.Get("sslmode"); m != "" {
			s.Env = append(s.Env, "PGSSLMODE="+m)
		}
		if sp := q.Get("search_path"); sp != "" {
			s.Env = append(s.Env, "PGOPTIONS=-c search_path="+sp)
		}
	case dialect.MySQL:
		s.Names = []string{"mariadb", "mysql"}
		if h := u.Hostname(); h != "" {
			s.Args = append(s.Args, "-h", h)
		}
		if p := u.Port(); p != "" {
			s.Args = append(s.Args, "-P", p)
		}
		if user != "" {
			s.Args = append(s.Args, "-u", user)
		}
		if hasPass {
			s.Env = append(s.Env, "MYSQL_PWD="+pass)
		}
		if db != "" {
			s.Args = append(s.Args, db)
		}
	case dialect.SQLite:
		s.Names = []string{"sqlite3"}
		path, ok := FilePath(cfg)
		if !ok {
			return Shell{}, fmt.Errorf("%w: %s is an in-memory SQLite database: there is nothing for a shell to open", ErrConfig, Redact(cfg.URL))
		}
		s.Args = append(s.Args, path)
	case dialect.Oracle:
		s.Names = []string{"sqlplus"}
		conn := user
		if hasPass {
			conn += "/" + pass
		}
		conn += "@//" + u.Host + "/" + db
		s.Args = append(s.Args, "-L", conn)
	default:
		return Shell{}, fmt.Errorf("%w: no shell for dialect %q", ErrConfig, cfg.Dialect)
	}
	s.Args = append(s.Args, extra...)
	return s, nil
}
