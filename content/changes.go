package content

// Changes is what a new version of a package does to the version installed
// before it, item by item: the report on the stick and the screen's banner
// tell staff what a replacement took away as well as what it brought.
type Changes struct {
	Added, Changed, Removed []Item
}

// Empty reports whether the new version changes no item (a new version
// number over the same content).
func (c Changes) Empty() bool {
	return len(c.Added) == 0 && len(c.Changed) == 0 && len(c.Removed) == 0
}

// Item names one story, table, quiz, tea set or puzzle of a package.
type Item struct {
	Kind  ItemKind
	ID    string
	Title string
}

// ItemKind is what sort of item an Item is.
type ItemKind string

const (
	KindStory      ItemKind = "story"
	KindDisclosure ItemKind = "disclosure"
	KindQuiz       ItemKind = "quiz"
	KindTeaSet     ItemKind = "tea-set"
	KindPuzzle     ItemKind = "puzzle"
)

// Noun is the word staff know the kind by.
func (k ItemKind) Noun() string {
	switch k {
	case KindStory:
		return "故事"
	case KindDisclosure:
		return "公示"
	case KindQuiz:
		return "答题"
	case KindTeaSet:
		return "七味茶"
	case KindPuzzle:
		return "拼图"
	}
	return string(k)
}

// String is the item as staff read it: 故事《清厢茶馆》.
func (it Item) String() string {
	title := it.Title
	if title == "" {
		title = it.ID
	}
	return it.Kind.Noun() + "《" + title + "》"
}
