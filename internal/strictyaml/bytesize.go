package strictyaml

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// ByteSize is a size in bytes, written as 512, 512B, 80KiB, 1.5MiB, 80KB
// (decimal) and so on.
type ByteSize int64

// Binary and decimal size units.
const (
	B   ByteSize = 1
	KiB ByteSize = 1 << 10
	MiB ByteSize = 1 << 20
	GiB ByteSize = 1 << 30
	KB  ByteSize = 1000
	MB  ByteSize = 1000 * KB
	GB  ByteSize = 1000 * MB
)

var sizeUnits = []struct {
	suffix string
	size   ByteSize
}{
	// longest suffixes first so "KiB" is not read as "B"
	{"KiB", KiB}, {"MiB", MiB}, {"GiB", GiB},
	{"KB", KB}, {"MB", MB}, {"GB", GB}, {"B", B},
}

// maxByteSize bounds parsed sizes; larger values are surely typos.
const maxByteSize = 1 << 40

// ParseByteSize parses a size such as "80KiB".
func ParseByteSize(s string) (ByteSize, error) {
	num, unit := strings.TrimSpace(s), B
	for _, u := range sizeUnits {
		if strings.HasSuffix(num, u.suffix) {
			num, unit = strings.TrimSpace(strings.TrimSuffix(num, u.suffix)), u.size
			break
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || num == "" || strings.ContainsAny(num, "xXpPnN_") {
		return 0, fmt.Errorf("invalid size %q (want a number with an optional unit B, KiB, MiB, GiB, KB, MB, GB)", s)
	}
	v := f * float64(unit)
	if v < 0 || v > maxByteSize {
		return 0, fmt.Errorf("size %q out of range (0 to 1TiB)", s)
	}
	return ByteSize(v), nil
}

// String formats the size with the largest binary unit that divides it.
func (b ByteSize) String() string {
	for _, u := range []struct {
		suffix string
		size   ByteSize
	}{{"GiB", GiB}, {"MiB", MiB}, {"KiB", KiB}} {
		if b != 0 && b%u.size == 0 {
			return strconv.FormatInt(int64(b/u.size), 10) + u.suffix
		}
	}
	return strconv.FormatInt(int64(b), 10) + "B"
}

// UnmarshalStrict implements Unmarshaler.
func (b *ByteSize) UnmarshalStrict(_ *Decoder, n *yaml.Node, _ string) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("want a size such as 80KiB, got %s", Describe(n))
	}
	v, err := ParseByteSize(n.Value)
	if err != nil {
		return err
	}
	*b = v
	return nil
}
