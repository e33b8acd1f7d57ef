package teas

// DemoTeaPairs returns the seven teas and sayings of the bundled demo, as
// its story 清厢茶馆：一杯七味茶，品出清廉味 lists them. Only the first three
// tea names (金银花茶、莲心茶、荷花茶) come from the newspaper report the demo is
// written from; the other four teas and all seven sayings are the kiosk's
// own, invented in the report's spirit, and the demo story says so. Show
// DemoFootnote with them, so a visitor is not told they are the teahouse's
// words. A test keeps these in step with the story.
func DemoTeaPairs() []Pair {
	return []Pair{
		{Tea: "金银花茶", Saying: "花开金银两样色，做人只守一份清白。"},
		{Tea: "莲心茶", Saying: "莲心虽苦心自清，守得住清苦，才守得住初心。"},
		{Tea: "荷花茶", Saying: "出淤泥而不染，身在哪里都干干净净。"},
		// From here on, the tea names too are the kiosk's own.
		{Tea: "菊花茶", Saying: "菊花不与百花争春，淡泊名利，心里才宽。"},
		{Tea: "竹叶茶", Saying: "竹子一节一节往上长，做人做事要有节有度。"},
		{Tea: "青梅茶", Saying: "青梅先酸后甜，小事守规矩，日子越过越甜。"},
		{Tea: "清茶", Saying: "一杯清茶待客来，两袖清风见人心。"},
	}
}

// DemoFootnote tells visitors where the demo pairs come from, in the words
// the demo story uses.
const DemoFootnote = "这里的七味茶和茶语是本展示屏整理的示例：除金银花茶、莲心茶、荷花茶外，茶名和全部茶语都不是茶馆原文。"
