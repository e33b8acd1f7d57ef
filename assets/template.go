package assets

import _ "embed"

// TemplateStory is the sample Word story of `qingfeng template`, written
// by python-docx (build/make-template-story.py).
//
//go:embed template/story.docx
var TemplateStory []byte
