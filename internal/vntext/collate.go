package vntext

import (
	"bytes"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// collators recycles Vietnamese collators. A collate.Collator keeps scratch
// buffers and is not safe for concurrent use, while building one is too costly
// to do on every comparison; a pool gives each goroutine its own collator
// without a global lock.
var collators = sync.Pool{
	New: func() any { return collate.New(language.Vietnamese) },
}

// Compare orders a and b by the Vietnamese alphabet and returns -1, 0 or +1.
// Byte order is wrong for Vietnamese: it puts "Đà Nẵng" after "Yên Bái" and
// "Ăn" after "Bình", whereas Vietnamese sorts a < ă < â < b < ... < d < đ and
// treats tones as a secondary difference. Canonically equivalent strings (NFC
// and NFD spellings) compare equal. Compare is safe for concurrent use.
func Compare(a, b string) int {
	c := collators.Get().(*collate.Collator)
	defer collators.Put(c)
	return c.CompareString(a, b)
}

// Sort sorts ss in place in Vietnamese alphabetical order, as Compare does,
// for lists shown to users such as unit and province names. It computes each
// collation key once instead of collating on every comparison, and it breaks
// ties between strings that collate equal by their bytes so that the result
// does not depend on the input order. Sort is safe for concurrent use on
// distinct slices.
func Sort(ss []string) {
	c := collators.Get().(*collate.Collator)
	defer collators.Put(c)
	type keyed struct {
		key []byte
		s   string
	}
	var buf collate.Buffer
	ks := make([]keyed, len(ss))
	for i, s := range ss {
		ks[i] = keyed{key: c.KeyFromString(&buf, s), s: s}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if r := bytes.Compare(a.key, b.key); r != 0 {
			return r
		}
		return strings.Compare(a.s, b.s)
	})
	for i, k := range ks {
		ss[i] = k.s
	}
}
