package driver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ConfigFromFile reads a JSON or YAML configuration file and returns the
// database named "default", or the only one when the file describes a
// single database. See [ConfigsFromFile] for the format.
func ConfigFromFile(path string) (Config, error) {
	all, err := ConfigsFromFile(path)
	if err != nil {
		return Config{}, err
	}
	if c, ok := all["default"]; ok {
		return c, nil
	}
	if len(all) == 1 {
		for _, c := range all {
			return c, nil
		}
	}
	return Config{}, fmt.Errorf("%w: %s: no database named \"default\" among %s; use ConfigsFromFile to pick one", ErrConfig, path, strings.Join(sortedKeys(all), ", "))
}

// ConfigsFromFile reads a JSON or YAML file (by extension: .json, .yaml,
// .yml; other names are tried as JSON, then YAML) describing one database
// or several by alias, as Django's DATABASES does. A database is either
//
//	{"url": "postgres://app@db/shop?conn_max_age=600"}
//
// or Django's keys: ENGINE (django.db.backends.postgresql, .mysql,
// .sqlite3, .oracle, or the short postgresql/mysql/sqlite3/oracle), NAME,
// USER, PASSWORD, HOST, PORT, CONN_MAX_AGE (seconds, or null for
// unlimited), CONN_HEALTH_CHECKS (bool) and OPTIONS (backend parameters,
// plus sqlorm's debug, health_check_idle and statement_timeout). A file
// whose top level has
// url or ENGINE is one database, returned as "default"; otherwise each
// top-level key is an alias. Unknown keys are errors.
func ConfigsFromFile(path string) (map[string]Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	var raw map[string]any
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		err = decodeJSON(data, &raw)
	case ".yaml", ".yml":
		err = yaml.Unmarshal(data, &raw)
	default:
		if err = decodeJSON(data, &raw); err != nil {
			err = yaml.Unmarshal(data, &raw)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrConfig, path, err)
	}
	if len(raw) == 0 {
		return nil, fmt.Errorf("%w: %s describes no database", ErrConfig, path)
	}
	out := map[string]Config{}
	if isDatabase(raw) {
		c, err := configFromMap("default", raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out["default"] = c
		return out, nil
	}
	for _, alias := range sortedKeys(raw) {
		m, ok := raw[alias].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%w: %s: database %q is a %T, not an object with url or ENGINE", ErrConfig, path, alias, raw[alias])
		}
		c, err := configFromMap(alias, m)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out[alias] = c
	}
	return out, nil
}

func decodeJSON(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	return d.Decode(v)
}

func isDatabase(m map[string]any) bool {
	for k := range m {
		switch k {
		case "url", "URL", "ENGINE":
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

var djangoKeys = []string{"ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "OPTIONS", "ATOMIC_REQUESTS", "AUTOCOMMIT", "TIME_ZONE", "TEST"}

// engines maps Django ENGINE strings to URL schemes.
var engines = map[string]string{
	"django.db.backends.postgresql":          "postgres",
	"django.db.backends.postgresql_psycopg2": "postgres",
	"postgresql":                             "postgres",
	"postgres":                               "postgres",
	"django.db.backends.mysql":               "mysql",
	"mysql":                                  "mysql",
	"mariadb":                                "mysql",
	"django.db.backends.sqlite3":             "sqlite",
	"sqlite3":                                "sqlite",
	"sqlite":                                 "sqlite",
	"django.db.backends.oracle":              "oracle",
	"oracle":                                 "oracle",
}

func configFromMap(alias string, m map[string]any) (Config, error) {
	if u, ok := m["url"]; ok || m["URL"] != nil {
		if !ok {
			u = m["URL"]
		}
		for k := range m {
			if k != "url" && k != "URL" {
				return Config{}, fmt.Errorf("%w: database %q: key %q next to url; put options in the URL's query", ErrConfig, alias, k)
			}
		}
		s, ok := u.(string)
		if !ok {
			return Config{}, fmt.Errorf("%w: database %q: url is a %T, not a string", ErrConfig, alias, u)
		}
		c, err := ParseURL(s)
		if err != nil {
			return Config{}, fmt.Errorf("database %q: %w", alias, err)
		}
		c.Alias = alias
		return c, nil
	}
	for k := range m {
		if !slices.Contains(djangoKeys, k) {
			return Config{}, fmt.Errorf("%w: database %q: unknown key %q; valid keys are url, or %s", ErrConfig, alias, k, strings.Join(djangoKeys, ", "))
		}
	}
	str := func(k string) (string, error) {
		switch v := m[k].(type) {
		case nil:
			return "", nil
		case string:
			return v, nil
		case json.Number:
			return v.String(), nil
		case int:
			return strconv.Itoa(v), nil
		}
		return "", fmt.Errorf("%w: database %q: %s is a %T, not a string", ErrConfig, alias, k, m[k])
	}
	engine, err := str("ENGINE")
	if err != nil {
		return Config{}, err
	}
	scheme, ok := engines[engine]
	if !ok {
		return Config{}, fmt.Errorf("%w: database %q: ENGINE %q is not supported; use django.db.backends.postgresql, .mysql, .sqlite3 or .oracle", ErrConfig, alias, engine)
	}
	name, _ := str("NAME")
	user, err := str("USER")
	if err != nil {
		return Config{}, err
	}
	pass, err := str("PASSWORD")
	if err != nil {
		return Config{}, err
	}
	host, err := str("HOST")
	if err != nil {
		return Config{}, err
	}
	port, err := str("PORT")
	if err != nil {
		return Config{}, err
	}
	q := url.Values{}
	if opts, ok := m["OPTIONS"]; ok && opts != nil {
		om, ok := opts.(map[string]any)
		if !ok {
			return Config{}, fmt.Errorf("%w: database %q: OPTIONS is a %T, not an object", ErrConfig, alias, opts)
		}
		for _, k := range sortedKeys(om) {
			q.Set(k, fmt.Sprint(om[k]))
		}
	}
	var u string
	if scheme == "sqlite" {
		if name == "" {
			return Config{}, fmt.Errorf("%w: database %q: NAME must be the SQLite file path (or :memory:)", ErrConfig, alias)
		}
		u = "sqlite:" + name
	} else {
		uu := url.URL{Scheme: scheme, Path: "/" + name}
		if user != "" || pass != "" {
			if pass != "" {
				uu.User = url.UserPassword(user, pass)
			} else {
				uu.User = url.User(user)
			}
		}
		if host == "" {
			host = "localhost"
		}
		if strings.HasPrefix(host, "/") {
			if scheme != "postgres" {
				return Config{}, fmt.Errorf("%w: database %q: a socket HOST is only supported for PostgreSQL", ErrConfig, alias)
			}
			q.Set("host", host)
			host = ""
		}
		if port != "" {
			host = net.JoinHostPort(host, port)
		}
		uu.Host = host
		u = uu.String()
	}
	c, err := ParseURL(withQuery(u, q))
	if err != nil {
		return Config{}, fmt.Errorf("database %q: %w", alias, err)
	}
	c.Alias = alias
	// CONN_MAX_AGE: absent or null = unlimited (see Config.Pool.MaxAge).
	if v, ok := m["CONN_MAX_AGE"]; ok && v != nil {
		age, noReuse, err := parseMaxAge(fmt.Sprint(v))
		if err != nil {
			return Config{}, fmt.Errorf("database %q: CONN_MAX_AGE: %w", alias, err)
		}
		c.Pool.MaxAge, c.Pool.NoReuse = age, noReuse
	}
	if v, ok := m["CONN_HEALTH_CHECKS"]; ok && v != nil {
		b, ok := v.(bool)
		if !ok {
			return Config{}, fmt.Errorf("%w: database %q: CONN_HEALTH_CHECKS is %v, not true or false", ErrConfig, alias, v)
		}
		c.Pool.HealthChecks = b
	}
	if err := c.Pool.Validate(); err != nil {
		return Config{}, fmt.Errorf("%w: database %q: %w", ErrConfig, alias, err)
	}
	return c, nil
}

func withQuery(u string, q url.Values) string {
	if len(q) == 0 {
		return u
	}
	return u + "?" + q.Encode()
}
