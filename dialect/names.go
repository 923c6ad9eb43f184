package dialect

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Suffixes of the names DeriveName builds for unnamed indexes and
// constraints, as Django names them.
const (
	SuffixIndex      = "idx"   // CREATE INDEX
	SuffixUnique     = "uniq"  // UNIQUE constraint or unique index
	SuffixCheck      = "check" // CHECK constraint
	SuffixForeignKey = "fk"    // FOREIGN KEY constraint
)

// DeriveName returns the name sqlorm gives an index or constraint that has
// none: "<table>_<col1>_<col2>_<suffix>". When that is longer than
// MaxIdentLen, the table and column part is cut and an 8-hex-digit hash of
// the full (table, columns, suffix) is inserted before the suffix, in the
// spirit of Django's names_digest, so the result stays unique and fits:
// "<cut>_<hash>_<suffix>".
//
// The result depends only on its arguments, not on the dialect (every
// dialect's limit is at least MaxIdentLen), so the same model gets the same
// names everywhere and a schema diff can compare them. When table, columns
// and suffix pass CheckIdent, so does the result.
func DeriveName(table string, columns []string, suffix string) string {
	n := len(table) + 1 + len(suffix)
	for _, c := range columns {
		n += len(c) + 1
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(table)
	for _, c := range columns {
		b.WriteByte('_')
		b.WriteString(c)
	}
	base := b.String()
	if len(base)+1+len(suffix) <= MaxIdentLen {
		return base + "_" + suffix
	}
	h := sha256.New()
	h.Write([]byte(table))
	for _, c := range columns {
		h.Write([]byte{0})
		h.Write([]byte(c))
	}
	h.Write([]byte{0, 0})
	h.Write([]byte(suffix))
	sum := h.Sum(nil)
	tail := "_" + hex.EncodeToString(sum[:4]) + "_" + suffix
	keep := MaxIdentLen - len(tail)
	if keep < 1 {
		keep = 1
	}
	if keep > len(base) {
		keep = len(base)
	}
	head := strings.TrimRight(base[:keep], "_")
	if head == "" {
		head = base[:1]
	}
	return head + tail
}

// IndexName returns the name idx has on table: idx.Name, or when that is
// empty the DeriveName name CreateTable and CreateIndex give it
// (<table>_<cols>_idx, or _uniq for a unique index).
func IndexName(table string, idx Index) string {
	if idx.Name != "" {
		return idx.Name
	}
	suffix := SuffixIndex
	if idx.Unique {
		suffix = SuffixUnique
	}
	return DeriveName(table, idx.Columns, suffix)
}
