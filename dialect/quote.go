package dialect

import "strconv"

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

func appendNumbered(dst []byte, prefix byte, n int) []byte {
	dst = append(dst, prefix)
	return strconv.AppendInt(dst, int64(n), 10)
}
