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
	if _, colon, at, ok := passwordSpan(base); ok {
		base = base[:colon+1] + redacted + base[at:]
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
	if _, colon, at, ok := passwordSpan(base); ok && at > colon+1 {
		pw := base[colon+1 : at]
		out = append(out, pw)
		if d, err := url.PathUnescape(pw); err == nil && d != pw {
			out = append(out, d)
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

// passwordSpan finds the password in the part of a URL before its query:
// the authority runs from after the first "://" to the first '/', and its
// user info up to the last '@' in it; the password runs from the user
// info's first ':' to that '@'. ok is false when there is none.
func passwordSpan(base string) (start, colon, at int, ok bool) {
	i := strings.Index(base, "://")
	if i < 0 {
		return 0, 0, 0, false
	}
	start = i + 3
	end := strings.IndexByte(base[start:], '/')
	if end < 0 {
		end = len(base)
	} else {
		end += start
	}
	at = strings.LastIndexByte(base[start:end], '@')
	if at < 0 {
		return 0, 0, 0, false
	}
	at += start
	c := strings.IndexByte(base[start:at], ':')
	if c < 0 {
		return 0, 0, 0, false
	}
	return start, start + c, at, true
}
