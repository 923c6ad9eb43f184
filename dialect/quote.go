package dialect

import (
	"strconv"
	"strings"
)

// quoteIdent checks name with CheckIdent and returns it between q quotes,
// folded to upper case when upper is set.
func quoteIdent(q byte, upper bool, name string) (string, error) {
	if err := CheckIdent(name); err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(name) + 2)
	b.WriteByte(q)
	if upper {
		for i := 0; i < len(name); i++ {
			b.WriteByte(upperASCII(name[i]))
		}
	} else {
		b.WriteString(name)
	}
	b.WriteByte(q)
	return b.String(), nil
}

// appendQuoted appends name between q quotes, folded to upper case when
// upper is set. name is expected to have passed CheckIdent; as a second line
// of defence an embedded quote character is doubled (the SQL escape), so even
// an unchecked name cannot end the quoted identifier early.
func appendQuoted(dst []byte, q byte, upper bool, name string) []byte {
	dst = append(dst, q)
	for i := 0; i < len(name); i++ {
		c := name[i]
		if upper {
			c = upperASCII(c)
		}
		if c == q {
			dst = append(dst, q)
		}
		dst = append(dst, c)
	}
	return append(dst, q)
}

func upperASCII(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// numbered returns prefix followed by n in decimal ("$3", ":3").
func numbered(prefix byte, n int) string {
	var buf [24]byte
	return string(appendNumbered(buf[:0], prefix, n))
}

func appendNumbered(dst []byte, prefix byte, n int) []byte {
	dst = append(dst, prefix)
	return strconv.AppendInt(dst, int64(n), 10)
}
