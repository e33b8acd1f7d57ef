package widgets

import (
	"math"
	"strconv"
	"strings"
)

// CompactAmount writes an amount the way a Chinese notice board does, short
// enough to read at a glance: below ten thousand in full with thousands
// separators (1234.5 → "1,234.5"), then in 万 (11480 → "1.15万",
// 60000000 → "6000万") and 亿 (150000000 → "1.5亿"), keeping three
// significant figures but never cutting whole units. NaN gives "".
func CompactAmount(v float64) string {
	switch {
	case math.IsNaN(v):
		return ""
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "-∞"
	}
	if roundTo(v, 2) == 0 {
		return "0" // also for -0 and -0.001, which would read "-0"
	}
	sign := ""
	if v < 0 {
		sign = "-"
		v = -v
	}
	v = roundTo(v, 2)
	if v < 1e4 {
		return sign + groupThousands(trimZeros(strconv.FormatFloat(v, 'f', 2, 64)))
	}
	units := []struct {
		size float64
		name string
	}{{1e8, "亿"}, {1e4, "万"}}
	for i, u := range units {
		if v < u.size {
			continue
		}
		n := v / u.size
		decimals := 0
		switch {
		case n < 10:
			decimals = 2
		case n < 100:
			decimals = 1
		}
		n = roundTo(n, decimals)
		// 9999.99万 rounds to 10000万: say 1亿 instead.
		if i > 0 && n >= 1e4 {
			return sign + "1" + units[i-1].name
		}
		return sign + trimZeros(strconv.FormatFloat(n, 'f', decimals, 64)) + u.name
	}
	return sign + "0"
}

func roundTo(v float64, decimals int) float64 {
	p := math.Pow10(decimals)
	return math.Round(v*p) / p
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return s
}

// groupThousands puts commas into the whole part of a plain decimal number.
func groupThousands(s string) string {
	whole, frac, hasFrac := strings.Cut(s, ".")
	if len(whole) <= 3 {
		return s
	}
	var b strings.Builder
	lead := len(whole) % 3
	if lead > 0 {
		b.WriteString(whole[:lead])
	}
	for i := lead; i < len(whole); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(whole[i : i+3])
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}
