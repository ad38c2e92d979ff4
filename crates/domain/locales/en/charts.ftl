## The supervisors' dashboards' charts (crates/web/src/charts.rs): the few
## fixed words; the series' and bars' labels come localized from the caller.

charts-no-data = No data
charts-point = { $series }, { $at }: { $value }
charts-highest = Highest: { $label } ({ $value })
charts-lowest = lowest: { $label } ({ $value })
charts-period = { $at }: { $parts }; total { $total }
