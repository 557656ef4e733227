// Package units converts between length units.
package units

import "fmt"

var factors = map[string]float64{"mm": 0.001, "cm": 0.01, "m": 1, "km": 1000, "in": 0.0254, "ft": 0.3048}

// Convert converts v from unit `from` to unit `to`.
func Convert(v float64, from, to string) (float64, error) {
	f, ok := factors[from]
	if !ok {
		return 0, fmt.Errorf("unknown unit %q", from)
	}
	t, ok := factors[to]
	if !ok {
		return 0, fmt.Errorf("unknown unit %q", to)
	}
	return v * f / t, nil
}

// Units lists the known unit names.
func Units() []string {
	names := make([]string, 0, len(factors))
	for name := range factors {
		names = append(names, name)
	}
	return names
}
