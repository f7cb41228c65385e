// Writes the Jalali reference tables that tests/jalali_reference.rs checks akhbar against.
// Usage (from an empty folder): npm install jalaali-js@1.2.8 && node generate-reference.js DIR
'use strict'
const fs = require('fs')
const path = require('path')
const jalaali = require('jalaali-js')

const out = process.argv[2] || '.'
const pad = (n, w) => String(n).padStart(w, '0')
const iso = (y, m, d) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`

// Every day from 1900-01-01 to 2200-12-31: Gregorian, Jalali, weekday (0 = Sunday, from JS Date).
const days = []
for (let t = Date.UTC(1900, 0, 1); t <= Date.UTC(2200, 11, 31); t += 86400000) {
  const g = new Date(t)
  const gy = g.getUTCFullYear(), gm = g.getUTCMonth() + 1, gd = g.getUTCDate()
  const j = jalaali.toJalaali(gy, gm, gd)
  days.push(`${iso(gy, gm, gd)} ${iso(j.jy, j.jm, j.jd)} ${g.getUTCDay()}`)
}
fs.writeFileSync(path.join(out, 'jalaali-js-days-1900-2200.txt'), days.join('\n') + '\n')

// Every Jalali year 1 to 3177: the Gregorian date of Nowruz (1 Farvardin) and whether it is leap.
const years = []
for (let jy = 1; jy <= 3177; jy++) {
  const g = jalaali.toGregorian(jy, 1, 1)
  years.push(`${jy} ${iso(g.gy, g.gm, g.gd)} ${jalaali.isLeapJalaaliYear(jy) ? 1 : 0}`)
}
fs.writeFileSync(path.join(out, 'jalaali-js-years-1-3177.txt'), years.join('\n') + '\n')
