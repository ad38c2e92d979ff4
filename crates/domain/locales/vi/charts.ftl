## The supervisors' dashboards' charts (crates/web/src/charts.rs): the few
## fixed words; the series' and bars' labels come localized from the caller.

charts-no-data = Không có số liệu
charts-point = { $series }, { $at }: { $value }
charts-highest = Cao nhất: { $label } ({ $value })
charts-lowest = thấp nhất: { $label } ({ $value })
charts-period = { $at }: { $parts }; tổng { $total }
