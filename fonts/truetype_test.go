package fonts

import (
	"encoding/binary"
	"errors"
	"os"
	"testing"
)

func TestTrueTypeReadsFontsAndCollections(t *testing.T) {
	t.Parallel()
	found := 0
	for _, p := range Paths {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		found++
		ttf, err := TrueType(p)
		if errors.Is(err, ErrNotTrueType) {
			continue // CFF (Noto CJK): the caller tries the next candidate
		}
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if _, err := firstFont(ttf); err != nil || string(ttf[:4]) == "ttcf" {
			t.Errorf("%s: not a standalone TrueType font: %v", p, err)
		}
		n := int(binary.BigEndian.Uint16(ttf[4:6]))
		for i := range n {
			rec := ttf[12+16*i : 28+16*i]
			start, length := binary.BigEndian.Uint32(rec[8:12]), binary.BigEndian.Uint32(rec[12:16])
			if length == 0 || int(start+length) > len(ttf) {
				t.Errorf("%s: table %s at %d length %d in a file of %d", p, rec[:4], start, length, len(ttf))
			}
		}
	}
	if found == 0 {
		t.Skip("no CJK font installed: apt-get install fonts-wqy-microhei fonts-arphic-gbsn00lp")
	}
}

func TestTrueTypeRefusesWhatIsNotAFont(t *testing.T) {
	t.Parallel()
	for _, data := range [][]byte{nil, []byte("hello world, no font"), []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\xff\xff\xff\xff"),
		[]byte("OTTO\x00\x01\x00\x00\x00\x00\x00\x00")} {
		if _, err := firstFont(data); !errors.Is(err, ErrNotTrueType) {
			t.Errorf("%q: %v", data, err)
		}
	}
}
