-- tables.lua — Lua on the corpus: string.gmatch, tables as maps and arrays, table.sort with a
-- comparison closure, string.format, integer and float arithmetic.
local counts, order, total = {}, {}, 0
local numbers = 0
for line in io.lines(arg[1]) do
  for word in line:gmatch("%a+") do
    word = word:lower()
    if not counts[word] then counts[word] = 0; order[#order + 1] = word end
    counts[word] = counts[word] + 1
    total = total + 1
  end
  for n in line:gmatch("%d+") do numbers = (numbers * 17 + tonumber(n)) % 1000003 end
end
table.sort(order, function(a, b) if counts[a] ~= counts[b] then return counts[a] > counts[b] end return a < b end)
local out = {}
for i = 1, 8 do out[#out + 1] = string.format("%s=%d", order[i], counts[order[i]]) end
print(#order, total, numbers, table.concat(out, " "))
local fib = {1, 1}
for i = 3, 90 do fib[i] = fib[i - 1] + fib[i - 2] end
local x = 0.0
for i = 1, 50000 do x = x + math.sin(i) / i end
print(fib[90], string.format("%.12f", x))
