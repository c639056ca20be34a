// Package calendar decides which days are working days in Viet Nam and which reporting period a
// day belongs to, so that "trong 10 ngày làm việc kể từ ngày nhận" and "báo cáo trước ngày 20
// hằng tháng" turn into the same dates everywhere in dondoc.
//
// It has three parts:
//
//   - the Vietnamese lunar calendar (âm lịch), computed astronomically for UTC+7 as Vietnam has
//     done since 1968, because Tết and Giỗ Tổ Hùng Vương are lunar dates and the Chinese calendar,
//     computed for UTC+8, puts them on another day in some years;
//   - the public holidays of the Labour Code 2019 (Bộ luật Lao động, Điều 111 and 112) with the
//     compensatory days off it grants, overlaid by the days off and make-up working days that the
//     government decides every year, which dondoc keeps as data an administrator edits;
//   - the reporting periods of Nghị định 09/2019/NĐ-CP, Điều 12, whose months run from the 15th of
//     the previous month to the 14th.
//
// Everything here is a pure function of its arguments: there is no clock and no I/O.
package calendar
