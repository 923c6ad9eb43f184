package driver

import (
	"net/url"
	"strings"
)

// secretKeys are query parameters whose values are secrets, compared
// case-insensitively.
var secretKeys = []string{"password", "pass", "passwd", "pwd", "sslpassword", "_auth_pass", "wallet password", "os pass", "os password", "os hash", "token", "secret"}

const redacted = "xxxxx"

// Redact returns a form of a database URL safe to print: the password in
// the user-info part and the values of password-like query parameters are
// replaced by xxxxx. It works on URLs that net/url cannot parse, too.
func Redact(raw string) string {
	base, query, hasQuery := strings.Cut(raw, "?")
	// User info: between "//" (or the scheme's ':') and the last '@' before
	// the path.
	if i := strings.Index(base, "://"); i >= 0 {
		rest := base[i+3:]
		end := strings.IndexByte(rest, '/')
		if end < 0 {
			end = len(rest)
		}
		if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
			userinfo := rest[:at]
			if user, _, hasPw := strings.Cut(userinfo, ":"); hasPw {
				base = base[:i+3] + user + ":" + redacted + rest[at:]
			}
		}
	}
	if !hasQuery {
		return base
	}
	parts := strings.Split(query, "&")
	for i, p := range parts {
		k, _, hasVal := strings.Cut(p, "=")
		if hasVal && isSecretKey(k) {
			parts[i] = k + "=" + redacted
		}
	}
	return base + "?" + strings.Join(parts, "&")
}

func isSecretKey(k string) bool {
	if u, err := url.QueryUnescape(k); err == nil {
		k = u
	}
	k = strings.ToLower(strings.TrimSpace(k))
	for _, s := range secretKeys {
		if k == s {
			return true
		}
	}
	return false
}

// redactParam is a query parameter key safe to print.
func redactParam(k string) string {
	if len(k) > 64 {
		return k[:64] + "…"
	}
	return k
}

// redactText removes every secret of raw (the password, decoded and raw,
// and secret query values) from a message produced by a parser that may have
// quoted raw.
func redactText(msg, raw string) string {
	for _, s := range secretsOf(raw) {
		if len(s) > 0 {
			msg = strings.ReplaceAll(msg, s, redacted)
		}
	}
	return msg
}

// secretsOf lists the secret strings in a URL, raw and decoded.
func secretsOf(raw string) []string {
	var out []string
	base, query, _ := strings.Cut(raw, "?")
	if i := strings.Index(base, "://"); i >= 0 {
		rest := base[i+3:]
		end := strings.IndexByte(rest, '/')
		if end < 0 {
			end = len(rest)
		}
		if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
			if _, pw, ok := strings.Cut(rest[:at], ":"); ok && pw != "" {
				out = append(out, pw)
				if d, err := url.PathUnescape(pw); err == nil && d != pw {
					out = append(out, d)
				}
			}
		}
	}
	for p := range strings.SplitSeq(query, "&") {
		k, v, ok := strings.Cut(p, "=")
		if ok && v != "" && isSecretKey(k) {
			out = append(out, v)
			if d, err := url.QueryUnescape(v); err == nil && d != v {
				out = append(out, d)
			}
		}
	}
	return out
}
