package orm

import (
	"fmt"
	"strings"
)

// tagOpt is one option of an `orm:"..."` tag: key or key=value.
type tagOpt struct {
	key      string
	value    string
	hasValue bool
}

// knownOptions lists every tag option, in the order the error message
// gives them.
var knownOptions = []string{
	"max_length", "null", "blank", "default", "unique", "db_index", "primary_key",
	"db_column", "choices", "auto_now", "auto_now_add", "max_digits", "decimal_places",
	"type", "on_delete", "related_name", "related", "db_table",
}

// flagOptions take no value; every other option requires one.
var flagOptions = map[string]bool{
	"null": true, "blank": true, "unique": true, "db_index": true, "primary_key": true,
	"auto_now": true, "auto_now_add": true,
}

// parseTag splits an orm tag into options. Options are separated by
// commas; a value may be single-quoted to contain commas ('a,b'), with two quotes
// standing for one quote inside. Each option may appear once.
func parseTag(tag string) ([]tagOpt, error) {
	var opts []tagOpt
	seen := map[string]bool{}
	i := 0
	for i < len(tag) {
		// key
		j := i
		for j < len(tag) && tag[j] != '=' && tag[j] != ',' {
			j++
		}
		key := strings.TrimSpace(tag[i:j])
		opt := tagOpt{key: key}
		i = j
		if i < len(tag) && tag[i] == '=' {
			i++
			opt.hasValue = true
			for i < len(tag) && tag[i] == ' ' {
				i++
			}
			if i < len(tag) && tag[i] == '\'' {
				var b strings.Builder
				i++
				closed := false
				for i < len(tag) {
					if tag[i] == '\'' {
						if i+1 < len(tag) && tag[i+1] == '\'' {
							b.WriteByte('\'')
							i += 2
							continue
						}
						i++
						closed = true
						break
					}
					b.WriteByte(tag[i])
					i++
				}
				if !closed {
					return nil, fmt.Errorf("option %s: unterminated quoted value; close it with ' (write '' for a quote inside)", key)
				}
				opt.value = b.String()
				for i < len(tag) && tag[i] == ' ' {
					i++
				}
				if i < len(tag) && tag[i] != ',' {
					return nil, fmt.Errorf("option %s: unexpected %q after the quoted value; separate options with commas", key, tag[i:])
				}
			} else {
				j := i
				for j < len(tag) && tag[j] != ',' {
					j++
				}
				opt.value = strings.TrimSpace(tag[i:j])
				i = j
			}
		}
		if i < len(tag) && tag[i] == ',' {
			i++
		}
		if key == "" {
			if opt.hasValue {
				return nil, fmt.Errorf("an option has a value but no name; write name=value")
			}
			continue // tolerate empty segments such as a trailing comma
		}
		if !isKnownOption(key) {
			return nil, fmt.Errorf("unknown option %q; valid options are %s", key, strings.Join(knownOptions, ", "))
		}
		if seen[key] {
			return nil, fmt.Errorf("option %s given twice; keep one", key)
		}
		seen[key] = true
		if flagOptions[key] && opt.hasValue {
			return nil, fmt.Errorf("option %s takes no value; write just %s", key, key)
		}
		if !flagOptions[key] && !opt.hasValue {
			return nil, fmt.Errorf("option %s needs a value; write %s=<value>", key, key)
		}
		opts = append(opts, opt)
	}
	return opts, nil
}

func isKnownOption(k string) bool {
	for _, o := range knownOptions {
		if o == k {
			return true
		}
	}
	return false
}

// snakeCase converts a Go identifier to snake_case: Product → product,
// OrderItem → order_item, UserID → user_id, HTTPStatus → http_status.
func snakeCase(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				prev := s[i-1]
				prevLowerOrDigit := (prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9')
				nextLower := i+1 < len(s) && s[i+1] >= 'a' && s[i+1] <= 'z'
				prevUpper := prev >= 'A' && prev <= 'Z'
				if prevLowerOrDigit || (prevUpper && nextLower) {
					b.WriteByte('_')
				}
			}
			b.WriteByte(c + ('a' - 'A'))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
