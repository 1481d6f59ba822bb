# filter.jq — jq on records.json: selection, grouping, aggregation, string building.
[ .[] | select(.active and .score > 300) | {id, name, tags: (.tags | length), group: .owner.group, level: .owner.level} ]
| group_by(.group)
| map({group: .[0].group, n: length, tags: (map(.tags) | add), high: (map(select(.level == "high")) | length),
       first: (sort_by(.name) | .[0].name)})
| sort_by(-.n, .group)
| .[:8], (map(.n) | add)
