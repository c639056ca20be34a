package demo

import "dondoc"

// This file holds the data of the demo province: the units of Tỉnh Bắc Giang as they stood in May
// 2024, before the 2025 reform merged the province into Bắc Ninh; the Standing Committee and the
// heads of units; the seed dispatch with the documents it cites and its nine tasks; the indicators
// and the key project. Unit names and codes are real. Every person except the signer of the seed
// dispatch is fictional, and every figure is sample data made up for the demo.

// provinceCode is the official code of Tỉnh Bắc Giang before 2025; Loaded looks for it.
const (
	provinceCode = "24"
	provinceName = "Tỉnh Bắc Giang"
	// provinceShort is the province's short name, written last by Load to mark a complete demo.
	provinceShort = "Bắc Giang"
)

// termStart is when the Standing Committee of the 19th provincial Party congress took office,
// the day its members started to hold their posts in the demo.
const termStart dondoc.Date = "2020-10-01"

// unitSpec is one unit of the demo tree. Key is the handle by which the loader finds the unit
// again; head, when set, gives the unit a head post and its holder.
type unitSpec struct {
	key, parent string
	kind        dondoc.UnitKind
	code        string
	name, short string
	head        *headSpec
}

// headSpec is the head post of a unit and the person who holds it.
type headSpec struct {
	title, person string
	from          dondoc.Date
}

// provinceUnits are the provincial bodies, parents before children. The Standing Committee is a
// party committee in its own right: it issues the dispatch and assigns the tasks.
var provinceUnits = []unitSpec{
	{key: "tinh", kind: dondoc.KindProvince, code: provinceCode, name: provinceName},
	{key: "tu", parent: "tinh", kind: dondoc.KindPartyCommittee, name: "Tỉnh ủy Bắc Giang", short: "Tỉnh ủy",
		head: &headSpec{"Bí thư Tỉnh ủy", "Trần Quang Minh", termStart}},
	{key: "btv", parent: "tu", kind: dondoc.KindPartyCommittee, name: "Ban Thường vụ Tỉnh ủy", short: "BTVTU"},
	{key: "vptu", parent: "tu", kind: dondoc.KindOffice, name: "Văn phòng Tỉnh ủy", short: "VPTU",
		head: &headSpec{"Chánh Văn phòng Tỉnh ủy", "Ngô Văn Thắng", "2021-03-01"}},
	{key: "btc", parent: "tu", kind: dondoc.KindPartyBoard, name: "Ban Tổ chức Tỉnh ủy", short: "BTCTU",
		head: &headSpec{"Trưởng Ban Tổ chức Tỉnh ủy", "Hoàng Thị Thanh Hương", termStart}},
	{key: "btg", parent: "tu", kind: dondoc.KindPartyBoard, name: "Ban Tuyên giáo Tỉnh ủy", short: "BTGTU",
		head: &headSpec{"Trưởng Ban Tuyên giáo Tỉnh ủy", "Vũ Minh Tuấn", termStart}},
	{key: "ubnd", parent: "tinh", kind: dondoc.KindPeoplesCommittee, name: "UBND tỉnh Bắc Giang", short: "UBND tỉnh",
		head: &headSpec{"Chủ tịch UBND tỉnh", "Nguyễn Đức Hải", "2021-06-15"}},
	{key: "stc", parent: "ubnd", kind: dondoc.KindDepartment, name: "Sở Tài chính", short: "STC",
		head: &headSpec{"Giám đốc Sở Tài chính", "Lương Thị Hà", "2022-01-01"}},
	{key: "sxd", parent: "ubnd", kind: dondoc.KindDepartment, name: "Sở Xây dựng", short: "SXD",
		head: &headSpec{"Giám đốc Sở Xây dựng", "Trịnh Văn Nam", "2021-08-01"}},
	{key: "skhdt", parent: "ubnd", kind: dondoc.KindDepartment, name: "Sở Kế hoạch và Đầu tư", short: "SKHĐT",
		head: &headSpec{"Giám đốc Sở Kế hoạch và Đầu tư", "Bùi Quốc Việt", "2020-12-01"}},
	{key: "sgtvt", parent: "ubnd", kind: dondoc.KindDepartment, name: "Sở Giao thông vận tải", short: "SGTVT",
		head: &headSpec{"Giám đốc Sở Giao thông vận tải", "Đinh Công Sơn", "2022-04-01"}},
	{key: "sldtbxh", parent: "ubnd", kind: dondoc.KindDepartment, name: "Sở Lao động - Thương binh và Xã hội", short: "SLĐTBXH",
		head: &headSpec{"Giám đốc Sở Lao động - Thương binh và Xã hội", "Phan Thị Hoa", "2021-10-01"}},
	{key: "snv", parent: "ubnd", kind: dondoc.KindDepartment, name: "Sở Nội vụ", short: "SNV",
		head: &headSpec{"Giám đốc Sở Nội vụ", "Tạ Văn Bình", "2020-11-01"}},
	{key: "stttt", parent: "ubnd", kind: dondoc.KindDepartment, name: "Sở Thông tin và Truyền thông", short: "STTTT",
		head: &headSpec{"Giám đốc Sở Thông tin và Truyền thông", "Mai Xuân Trường", "2023-02-01"}},
	{key: "mttq", parent: "tinh", kind: dondoc.KindMassOrg, name: "Ủy ban MTTQ Việt Nam tỉnh Bắc Giang", short: "Ủy ban MTTQ tỉnh",
		head: &headSpec{"Chủ tịch Ủy ban MTTQ tỉnh", "Đặng Thị Ngọc Lan", termStart}},
	{key: "bao", parent: "tinh", kind: dondoc.KindOther, name: "Báo Bắc Giang", short: "Báo BG",
		head: &headSpec{"Tổng Biên tập Báo Bắc Giang", "Chu Thị Yến", "2021-05-01"}},
}

// departmentKeys are the members of the group "Các sở, ban, ngành tỉnh".
var departmentKeys = []string{"stc", "sxd", "skhdt", "sgtvt", "sldtbxh", "snv", "stttt"}

// districtSpec is a district of 2024 with some of its communes and the sample figures of its
// indicators. Pace scales how far the district is along: below 1 it lags the plan.
type districtSpec struct {
	key, code, name, short string
	head                   headSpec
	communes               []communeSpec
	// Sample plans for 2024: capital to disburse (tỷ đồng), temporary houses to remove (căn),
	// budget revenue (tỷ đồng).
	capital, houses, revenue float64
	pace                     float64
}

// communeSpec is a commune with its 5-digit code of 2024.
type communeSpec struct{ code, name string }

// districts are seven districts of Bắc Giang with four communes each. Codes and names of
// communes are those of 2024, found as the old units in the 2025 merge list of Tỉnh Bắc Ninh.
var districts = []districtSpec{
	{key: "tpbg", code: "213", name: "Thành phố Bắc Giang", short: "TP Bắc Giang",
		head: headSpec{"Bí thư Thành ủy Bắc Giang", "Lý Văn Hùng", "2020-08-20"},
		communes: []communeSpec{{"07207", "Phường Ngô Quyền"}, {"07210", "Phường Hoàng Văn Thụ"},
			{"07213", "Phường Trần Phú"}, {"07225", "Phường Xương Giang"}},
		capital: 1200, houses: 20, revenue: 3800, pace: 0.96},
	{key: "yendung", code: "221", name: "Huyện Yên Dũng", short: "Yên Dũng",
		head: headSpec{"Bí thư Huyện ủy Yên Dũng", "Nguyễn Thị Thu Trang", "2020-08-15"},
		communes: []communeSpec{{"07735", "Xã Đức Giang"}, {"07741", "Xã Tư Mại"},
			{"07747", "Xã Đồng Việt"}, {"07750", "Xã Đồng Phúc"}},
		capital: 650, houses: 45, revenue: 900, pace: 0.62},
	{key: "langgiang", code: "217", name: "Huyện Lạng Giang", short: "Lạng Giang",
		head: headSpec{"Bí thư Huyện ủy Lạng Giang", "Đào Văn Khánh", "2020-08-10"},
		communes: []communeSpec{{"07375", "Thị trấn Vôi"}, {"07411", "Xã Tân Thanh"},
			{"07420", "Xã Mỹ Thái"}, {"07426", "Xã Xương Lâm"}},
		capital: 520, houses: 60, revenue: 700, pace: 0.84},
	{key: "hiephoa", code: "223", name: "Huyện Hiệp Hòa", short: "Hiệp Hòa",
		head: headSpec{"Bí thư Huyện ủy Hiệp Hòa", "Vương Đình Quang", "2021-09-01"},
		communes: []communeSpec{{"07822", "Xã Hoàng Vân"}, {"07840", "Thị trấn Thắng"},
			{"07867", "Xã Đoan Bái"}, {"07885", "Xã Mai Đình"}},
		capital: 480, houses: 70, revenue: 820, pace: 0.71},
	{key: "tanyen", code: "216", name: "Huyện Tân Yên", short: "Tân Yên",
		head: headSpec{"Bí thư Huyện ủy Tân Yên", "Kiều Thị Nga", "2020-08-12"},
		communes: []communeSpec{{"07336", "Xã Cao Xá"}, {"07354", "Xã Việt Lập"},
			{"07357", "Xã Liên Chung"}, {"07360", "Xã Ngọc Thiện"}},
		capital: 410, houses: 55, revenue: 450, pace: 0.9},
	{key: "lucnam", code: "218", name: "Huyện Lục Nam", short: "Lục Nam",
		head: headSpec{"Bí thư Huyện ủy Lục Nam", "Thân Văn Cường", "2022-02-01"},
		communes: []communeSpec{{"07444", "Thị trấn Đồi Ngô"}, {"07462", "Xã Bảo Đài"},
			{"07513", "Xã Bắc Lũng"}, {"07519", "Xã Cẩm Lý"}},
		capital: 560, houses: 120, revenue: 520, pace: 0.58},
	{key: "vietyen", code: "222", name: "Thị xã Việt Yên", short: "Việt Yên",
		head: headSpec{"Bí thư Thị ủy Việt Yên", "Giáp Văn Định", "2020-08-18"},
		communes: []communeSpec{{"07774", "Phường Tự Lạn"}, {"07777", "Phường Bích Động"},
			{"07795", "Phường Nếnh"}, {"07804", "Xã Vân Hà"}},
		capital: 900, houses: 25, revenue: 2600, pace: 1.02},
}

// communeHead is the head of the commune where the Đồng Việt bridge lands, whose officer has a
// demo account.
var communeHead = struct {
	commune string
	head    headSpec
}{"Xã Đồng Việt", headSpec{"Bí thư Đảng ủy xã Đồng Việt", "Nguyễn Văn Hòa", "2020-07-01"}}

// standingPost is a post in the Standing Committee with its assigned area (phụ trách).
type standingPost struct {
	title, person, area string
	head                bool
}

// standingCommittee are the members of the Standing Committee. Lê Thị Thu Hồng signs the seed
// dispatch as Phó Bí thư; the other names are invented.
var standingCommittee = []standingPost{
	{title: "Bí thư Tỉnh ủy", person: "Trần Quang Minh", area: "Phụ trách chung; lĩnh vực quốc phòng, an ninh", head: true},
	{title: "Phó Bí thư Thường trực Tỉnh ủy", person: "Lê Thị Thu Hồng", area: "Thành phố Bắc Giang; công tác xây dựng Đảng và hệ thống chính trị"},
	{title: "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh", person: "Nguyễn Đức Hải", area: "Thị xã Việt Yên; chỉ đạo, điều hành chung của UBND tỉnh"},
	{title: "Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch Thường trực UBND tỉnh", person: "Phạm Văn Long", area: "Huyện Yên Dũng, Huyện Lạng Giang; lĩnh vực đầu tư công"},
	{title: "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy", person: "Hoàng Thị Thanh Hương", area: "Huyện Lục Nam; công tác cán bộ, sắp xếp đơn vị hành chính"},
	{title: "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tuyên giáo Tỉnh ủy", person: "Vũ Minh Tuấn", area: "Huyện Hiệp Hòa; công tác tuyên giáo, báo chí"},
	{title: "Ủy viên Ban Thường vụ Tỉnh ủy, Chủ tịch Ủy ban MTTQ tỉnh", person: "Đặng Thị Ngọc Lan", area: "Huyện Tân Yên; công tác Mặt trận và các đoàn thể"},
}

// signer is the Phó Bí thư who signs the seed dispatch; the leader account acts as her.
const signer = "Lê Thị Thu Hồng"

// visitingMember is the Standing Committee member assigned to Huyện Yên Dũng, who makes the
// field visit.
const visitingMember = "Phạm Văn Long"

// Account is a demo account as it is printed at start and listed in the README: every one has
// the password Password, and exists only in a database loaded with the demo.
type Account struct {
	Username    string
	Role        dondoc.Role
	Unit        string
	DisplayName string
}

// Password is the password of every demo account. It is shorter than a real password may be,
// which is why the demo accounts exist only in demo mode.
const Password = "demo"

// accountSpec is a demo account with the unit of its grant and the person it belongs to.
type accountSpec struct {
	username    string
	role        dondoc.Role
	unit        string // unit name
	person      string // empty for accounts that belong to no official
	displayName string
}

// accountSpecs are the demo accounts: one per role on the province, the district and the commune
// where the demo's story happens, then the heads of the other districts, who approve their
// districts' figures.
var accountSpecs = []accountSpec{
	{"vanphong", dondoc.RoleOffice, provinceName, "Nguyễn Thị Lan Anh", "Nguyễn Thị Lan Anh (Văn phòng Tỉnh ủy)"},
	{"lanhdao", dondoc.RoleLeader, provinceName, signer, "Lê Thị Thu Hồng (Phó Bí thư Tỉnh ủy)"},
	{"truongdonvi", dondoc.RoleUnitHead, "Huyện Yên Dũng", "Nguyễn Thị Thu Trang", "Nguyễn Thị Thu Trang (Bí thư Huyện ủy Yên Dũng)"},
	{"canbo", dondoc.RoleUnitOfficer, "Huyện Yên Dũng", "Đỗ Thị Mai", "Đỗ Thị Mai (Văn phòng Huyện ủy Yên Dũng)"},
	{"canboxa", dondoc.RoleUnitOfficer, "Xã Đồng Việt", "Lê Văn Tú", "Lê Văn Tú (Văn phòng Đảng ủy xã Đồng Việt)"},
	{"xem", dondoc.RoleViewer, provinceName, "", "Ủy ban Kiểm tra Tỉnh ủy (chỉ xem)"},
	{"quantri", dondoc.RoleAdmin, provinceName, "", "Quản trị hệ thống"},
	{"td.tpbg", dondoc.RoleUnitHead, "Thành phố Bắc Giang", "Lý Văn Hùng", "Lý Văn Hùng (Bí thư Thành ủy Bắc Giang)"},
	{"td.langgiang", dondoc.RoleUnitHead, "Huyện Lạng Giang", "Đào Văn Khánh", "Đào Văn Khánh (Bí thư Huyện ủy Lạng Giang)"},
	{"td.hiephoa", dondoc.RoleUnitHead, "Huyện Hiệp Hòa", "Vương Đình Quang", "Vương Đình Quang (Bí thư Huyện ủy Hiệp Hòa)"},
	{"td.tanyen", dondoc.RoleUnitHead, "Huyện Tân Yên", "Kiều Thị Nga", "Kiều Thị Nga (Bí thư Huyện ủy Tân Yên)"},
	{"td.lucnam", dondoc.RoleUnitHead, "Huyện Lục Nam", "Thân Văn Cường", "Thân Văn Cường (Bí thư Huyện ủy Lục Nam)"},
	{"td.vietyen", dondoc.RoleUnitHead, "Thị xã Việt Yên", "Giáp Văn Định", "Giáp Văn Định (Bí thư Thị ủy Việt Yên)"},
}

// Accounts lists the demo accounts for printing; the server prints it at start in demo mode,
// whether the demo was loaded now or on an earlier start.
var Accounts = func() []Account {
	out := make([]Account, len(accountSpecs))
	for i, a := range accountSpecs {
		out[i] = Account{Username: a.username, Role: a.role, Unit: a.unit, DisplayName: a.displayName}
	}
	return out
}()

// groupSpec is a unit group that recipient phrases expand to.
type groupSpec struct {
	name string
	// members names which units belong: "districts", "departments" or "communes".
	members string
}

// Group names, also used as the printed text of the recipients that expand to them.
const (
	groupDistricts   = "Các huyện ủy, thị ủy, thành ủy"
	groupDepartments = "Các sở, ban, ngành tỉnh"
	groupCommunes    = "UBND các xã, phường, thị trấn"
)

// referenceSpec is a document the seed dispatch cites, registered as a stub: its number, type and
// date are known from the citation, its text is not.
type referenceSpec struct {
	number, docType, issuer, subject string
	date                             dondoc.Date
}

// references are the five documents the seed dispatch cites, with the issuer the dispatch names
// (Ban Chấp hành for 233-NQ/TU and 1975-TB/TU, the Tỉnh ủy's resolution on 2024's leadership for
// 307-NQ/TU) and the subject where the dispatch gives it.
var references = []referenceSpec{
	{"307-NQ/TU", "Nghị quyết", "Tỉnh ủy Bắc Giang", "Về nhiệm vụ lãnh đạo năm 2024", "2023-12-06"},
	{"316-NQ/TU", "Nghị quyết", "Ban Thường vụ Tỉnh ủy", "", "2023-12-29"},
	{"26-CT/TU", "Chỉ thị", "Ban Thường vụ Tỉnh ủy", "", "2023-06-02"},
	{"233-NQ/TU", "Nghị quyết", "Tỉnh ủy Bắc Giang", "", "2022-07-25"},
	{"1975-TB/TU", "Thông báo", "Tỉnh ủy Bắc Giang", "", "2023-10-13"},
}

// The seed dispatch. Its header, with number and date, was not kept; the number is invented for
// the demo and the date is the first working day after the meeting of 03/5/2024 it reports on.
const (
	seedNumber  = "1250-CV/TU"
	seedDate    = dondoc.Date("2024-05-06")
	seedSubject = "V/v tập trung lãnh đạo, chỉ đạo thực hiện một số nhiệm vụ trọng tâm"
)

// seedTask is one of the nine tasks of the seed dispatch: its clause, a short title, the text of
// the dispatch, the lead unit and the coordinating units. Cascaded tasks go to every district.
type seedTask struct {
	clause, title, text string
	lead                string
	coordinators        []coordinatorSpec
	cascade, key        bool
	reportToBTV         bool
	phrase              string
}

// coordinatorSpec is a coordinating unit and its part of the work.
type coordinatorSpec struct{ unit, part string }

// seedTasks follows the seed's expected extraction (corpus/seed/btv-tinh-uy-2024-05.json).
var seedTasks = []seedTask{
	{clause: "1", lead: "vptu",
		title: "Đôn đốc, rà soát thực hiện nhiệm vụ trọng tâm năm 2024 theo Nghị quyết 307-NQ/TU và 316-NQ/TU",
		text:  "Tiếp tục tập trung đôn đốc, chỉ đạo rà soát, đẩy mạnh triển khai thực hiện các nhiệm vụ trọng tâm năm 2024 đã được Tỉnh ủy xác định tại Nghị quyết số 307-NQ/TU ngày 06/12/2023 về nhiệm vụ lãnh đạo năm 2024 và các nhiệm vụ trọng tâm được Ban Thường vụ Tỉnh ủy phê duyệt tại Nghị quyết số 316-NQ/TU ngày 29/12/2023"},
	{clause: "2.(1)", lead: "mttq", cascade: true,
		title: "Chuẩn bị tổ chức Đại hội đại biểu MTTQ cấp huyện và cấp tỉnh nhiệm kỳ 2024-2029",
		text:  "Chỉ đạo chuẩn bị tốt các điều kiện tổ chức thành công Đại hội đại biểu Mặt trận Tổ quốc cấp huyện và Đại hội đại biểu Mặt trận Tổ quốc tỉnh nhiệm kỳ 2024-2029."},
	{clause: "2.(2)", lead: "skhdt", cascade: true, key: true, reportToBTV: true, phrase: "theo kế hoạch",
		coordinators: []coordinatorSpec{{"stc", "Bố trí, thanh toán vốn đầu tư công"}, {"sgtvt", "Dự án Xây dựng Cầu Đồng Việt"}},
		title:        "Đẩy nhanh tiến độ, giải ngân vốn đầu tư công; dự án Xây dựng Cầu Đồng Việt",
		text:         "Tăng cường kiểm tra, giám sát, rà soát các dự án để chỉ đạo triển khai đúng trình tự, thủ tục, quy định của pháp luật; tập trung đẩy nhanh tiến độ triển khai thực hiện và giải ngân vốn đầu tư công các dự án, đặc biệt là các dự án lớn, trọng điểm của tỉnh và các địa phương; trong đó, tập trung cao chỉ đạo rà soát, tiếp tục đẩy nhanh tiến độ thực hiện dự án Xây dựng Cầu Đồng Việt để sớm hoàn thành, đưa dự án vào khai thác, vận hành theo kế hoạch"},
	{clause: "2.(3)", lead: "snv", cascade: true,
		coordinators: []coordinatorSpec{{"btc", "Tham mưu về tổ chức bộ máy, cán bộ khi sắp xếp"}},
		title:        "Sắp xếp đơn vị hành chính cấp huyện, cấp xã theo Nghị quyết 233-NQ/TU",
		text:         "Tiếp tục tập trung cao thực hiện các nhiệm vụ triển khai sắp xếp đơn vị hành chính cấp huyện, cấp xã theo tinh thần Nghị quyết số 233-NQ/TU ngày 25/7/2022 và Thông báo số 1975-TB/TU ngày 13/10/2023 của Ban Chấp hành Đảng bộ tỉnh."},
	{clause: "2.(4)", lead: "sldtbxh", cascade: true,
		coordinators: []coordinatorSpec{{"sxd", "Hướng dẫn thiết kế mẫu, kiểm tra chất lượng nhà ở"}, {"mttq", "Vận động nguồn lực hỗ trợ"}},
		title:        "Xóa nhà tạm, nhà dột nát cho hộ nghèo, hộ cận nghèo, gia đình có công",
		text:         "Tiếp tục tập trung cao chỉ đạo đẩy mạnh thực hiện nhiệm vụ xóa nhà tạm, nhà dột nát cho hộ nghèo, hộ cận nghèo và hỗ trợ gia đình người có công gặp khó khăn về nhà ở, nhà xuống cấp cần được sửa chữa, xây mới"},
	{clause: "2.(5)", lead: "stc", cascade: true,
		title: "Đẩy mạnh thu ngân sách nhà nước",
		text:  "Tập trung đẩy mạnh thu ngân sách nhà nước trên tinh thần thu đúng, thu đủ, thu kịp thời các khoản thu."},
	{clause: "3", lead: "btg",
		coordinators: []coordinatorSpec{{"bao", "Thông tin, tuyên truyền trên báo in, báo điện tử"}, {"stttt", "Chỉ đạo các cơ quan báo chí, hệ thống thông tin cơ sở"}},
		title:        "Thông tin, tuyên truyền thành tựu, kết quả nổi bật của tỉnh",
		text:         "Tăng cường lãnh đạo, chỉ đạo, nắm tình hình, ổn định tư tưởng của cán bộ, đảng viên, Nhân dân; chỉ đạo các cơ quan báo chí, hệ thống thông tin, truyền thông, đội ngũ báo cáo viên, tuyên truyền viên từ tỉnh đến cơ sở tập trung thông tin, tuyên truyền những thành tựu, kết quả nổi bật đạt được trên các lĩnh vực của của tỉnh"},
	{clause: "4", lead: "btc",
		title: "Xây dựng văn hóa công sở; phát hiện cán bộ có năng lực",
		text:  "Xây dựng văn hóa công sở, môi trường lành mạnh trong từng cơ quan, đơn vị, tạo điều kiện thuận lợi nhất cho cán bộ, công chức, viên chức rèn luyện, phấn đấu, trưởng thành."},
	{clause: "5", lead: "vptu",
		title: "Ủy viên Ban Thường vụ đi cơ sở, kiểm tra, đôn đốc tại địa bàn, lĩnh vực phụ trách",
		text:  "Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy, Ủy viên Ban Chấp hành Đảng bộ tỉnh tăng cường đi công tác tại địa bàn, lĩnh vực được phân công phụ trách để nắm tình hình cán bộ, đảng viên và Nhân dân; đồng thời, kiểm tra, đôn đốc việc thực hiện các nhiệm vụ theo tinh thần Công văn này."},
}

// Indicator codes of the demo.
const (
	indDisbursement = "GNDTC"
	indHouses       = "XNT"
	indRevenue      = "TNSNN"
)

// sampleNote marks every figure of the demo as made up.
const sampleNote = "Số liệu mẫu của bản trình diễn, không phải số liệu thực tế."

// indicators are the three indicators the seed dispatch calls for. Their names say that the
// figures are sample data, so that no screenshot of the demo passes for real statistics.
var indicators = []dondoc.Indicator{
	{Code: indDisbursement, Name: "Giải ngân vốn đầu tư công (số liệu mẫu)", Measure: "%",
		Aggregation: dondoc.AggRatio, PeriodType: dondoc.PeriodMonth, HigherIsBetter: true},
	{Code: indHouses, Name: "Số nhà tạm, nhà dột nát được xóa (số liệu mẫu)", Measure: "căn",
		Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodMonth, HigherIsBetter: true,
		Disaggregations: []string{"hộ nghèo", "hộ cận nghèo", "gia đình có công"}},
	{Code: indRevenue, Name: "Thu ngân sách nhà nước (số liệu mẫu)", Measure: "tỷ đồng",
		Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodMonth, HigherIsBetter: true},
}

// months are the periods with reported actuals, the four months before the seed dispatch.
var months = []string{"2024-01", "2024-02", "2024-03", "2024-04"}

// monthShare is the share of the year's plan that falls in each of those months, and monthLift
// how the pace of every district picks up from month to month.
var (
	monthShare = []float64{0.05, 0.06, 0.08, 0.09}
	monthLift  = []float64{-0.06, -0.02, 0.02, 0.05}
)

// The Đồng Việt bridge, sample figures: total investment in tỷ đồng and planned dates.
var bridge = dondoc.Project{
	Name:            "Xây dựng Cầu Đồng Việt",
	TotalInvestment: 1350,
	PlannedStart:    "2022-09-01",
	PlannedEnd:      "2024-12-31",
	Milestones: []dondoc.Milestone{
		{Name: "Khởi công", Planned: "2022-09-01", Actual: "2022-09-20"},
		{Name: "Hoàn thành giải phóng mặt bằng", Planned: "2023-06-30", Actual: "2023-11-15"},
		{Name: "Hợp long cầu chính", Planned: "2024-06-30"},
		{Name: "Hoàn thành, đưa vào khai thác", Planned: "2024-12-31"},
	},
}

// bridgeMonths are the bridge's sample disbursements in tỷ đồng, planned and actual, for the months
// of 2024 the demo covers: actual falls behind plan from February, as on the real project.
var bridgeMonths = []struct {
	month           string
	planned, actual float64
}{
	{"2024-01", 60, 58}, {"2024-02", 70, 52}, {"2024-03", 80, 57}, {"2024-04", 90, 61},
}
