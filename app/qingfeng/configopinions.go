package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"time"

	"qingfeng/content"
	"qingfeng/content/seal"
)

// OpinionsConfig is the opinions: section: what the opinion screen offers
// and how opinions are checked and protected. The shell reads it as
// a.cfg.Opinions.
type OpinionsConfig struct {
	// OfficeKey is the path of the office's public key file (office.pub,
	// made by `qingfeng keygen`), relative to the config file's folder.
	// Empty: residents' names and phones are not collected at all.
	OfficeKey string `yaml:"office_key"`
	// Categories a resident chooses from, in the order shown.
	Categories []string `yaml:"categories"`
	// HoldWords mark an opinion for staff review when one occurs in its
	// text or subject (case-insensitive substring).
	HoldWords []string `yaml:"hold_words"`
	// MinInterval is the least time between two submissions at this
	// screen, against a resident (or a child) tapping submit over and over.
	MinInterval time.Duration `yaml:"min_interval"`
	// MaxLength is the longest text accepted, in characters (runes).
	MaxLength int `yaml:"max_length"`
	// Phrases fill the common-phrase row of the on-screen keyboard.
	Phrases []string `yaml:"phrases"`

	// PublicKey is OfficeKey's key, read when the config is loaded (an
	// unreadable file is a config error); nil when OfficeKey is empty.
	PublicKey *seal.Public `yaml:"-"`
}

func defaultOpinionsConfig() OpinionsConfig {
	return OpinionsConfig{
		Categories:  slices.Clone(content.DefaultOpinionCategories),
		HoldWords:   []string{},
		MinInterval: 30 * time.Second,
		MaxLength:   content.DefaultOpinionMaxLength,
		Phrases:     []string{"我想反映", "建议", "希望", "什么时候", "谢谢", "村里", "问题"},
	}
}

// CollectsContact tells the opinion screen whether to offer the name and
// phone fields: only when there is an office key to seal them to.
func (o OpinionsConfig) CollectsContact() bool { return o.PublicKey != nil }

func (o *OpinionsConfig) finish(dir string) error {
	var se *content.SettingError
	if err := o.rules().Check(); errors.As(err, &se) {
		return fmt.Errorf("config: opinions.%s %s", opinionKey(se.Field), se.Msg)
	} else if err != nil {
		return fmt.Errorf("config: opinions: %w", err)
	}
	if msg := content.CheckWordList(o.Phrases); msg != "" {
		return fmt.Errorf("config: opinions.phrases %s", msg)
	}
	o.PublicKey = nil
	if o.OfficeKey == "" {
		return nil
	}
	path := o.OfficeKey
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	pub, err := seal.ReadPublicFile(path)
	if err != nil {
		return fmt.Errorf("config: opinions.office_key: %w", err) // the error names the file
	}
	o.PublicKey = &pub
	return nil
}

// opinionKey is the key in the opinions: section of an OpinionsConfig
// field (the rules' fields have the same names).
func opinionKey(field string) string {
	f, ok := reflect.TypeFor[OpinionsConfig]().FieldByName(field)
	if !ok {
		return field
	}
	return f.Tag.Get("yaml")
}
