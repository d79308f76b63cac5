package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
)

// ErrNotTrueType: the file is not a TrueType font with glyph outlines
// (glyf), e.g. an OpenType/CFF font such as Noto Sans CJK, which renderers
// that embed TrueType (the PDF 发文稿纸's) cannot read.
var ErrNotTrueType = errors.New("fonts: not a TrueType (glyf) font")

// TrueType reads the font file at path and returns a single TrueType font:
// the file itself, or for a collection (.ttc, as fonts-wqy-microhei ships)
// its first font rewritten as a standalone .ttf. It returns ErrNotTrueType
// for a font without glyf outlines.
func TrueType(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("fonts: %w", err)
	}
	ttf, err := firstFont(data)
	if err != nil {
		return nil, fmt.Errorf("fonts: %s: %w", path, err)
	}
	return ttf, nil
}

// firstFont returns data as one TrueType font (see TrueType).
func firstFont(data []byte) ([]byte, error) {
	if len(data) < 12 {
		return nil, ErrNotTrueType
	}
	offset := uint32(0)
	if string(data[:4]) == "ttcf" {
		if len(data) < 16 || binary.BigEndian.Uint32(data[8:12]) == 0 {
			return nil, ErrNotTrueType
		}
		offset = binary.BigEndian.Uint32(data[12:16])
	}
	if uint64(offset)+12 > uint64(len(data)) {
		return nil, ErrNotTrueType
	}
	head := data[offset:]
	if v := binary.BigEndian.Uint32(head[:4]); v != 0x00010000 && string(head[:4]) != "true" {
		return nil, ErrNotTrueType // "OTTO": CFF outlines
	}
	n := int(binary.BigEndian.Uint16(head[4:6]))
	if 12+16*n > len(head) {
		return nil, ErrNotTrueType
	}
	type table struct {
		rec        []byte
		start, end uint32
	}
	tables := make([]table, n)
	glyf := false
	for i := range tables {
		rec := head[12+16*i : 12+16*i+16]
		start := binary.BigEndian.Uint32(rec[8:12])
		length := binary.BigEndian.Uint32(rec[12:16])
		if uint64(start)+uint64(length) > uint64(len(data)) {
			return nil, ErrNotTrueType
		}
		glyf = glyf || string(rec[:4]) == "glyf"
		tables[i] = table{rec: rec, start: start, end: start + length}
	}
	if !glyf {
		return nil, ErrNotTrueType
	}
	if offset == 0 {
		return data, nil
	}
	// A collection's table offsets count from the start of the file: copy
	// the font's directory and tables into a file of its own.
	out := make([]byte, 12+16*n)
	copy(out, head[:12])
	for i, t := range tables {
		copy(out[12+16*i:], t.rec)
		binary.BigEndian.PutUint32(out[12+16*i+8:], uint32(len(out)))
		out = append(out, data[t.start:t.end]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out, nil
}
