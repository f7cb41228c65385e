#!/usr/bin/env node
// collation-reference.mjs: writes tests/data/collation/fa-reference.txt, a list of Persian tags
// and words in the order of ICU's Persian collation (CLDR's `fa`), one a line, which
// src/persian/collate.rs is tested against (tests/collation_reference.rs).
//
// Needs only Node.js with full ICU (the default builds have it); no npm packages:
//
//   node scripts/collation-reference.mjs            # from the repository's root
//   node scripts/collation-reference.mjs OUT.txt    # somewhere else
//
// It stops if Node's ICU does not resolve `fa` (a small-ICU build would fall back to the root
// order and write a wrong reference). Strings ICU finds equal are put in code-point order, the
// tie-break akhbar's `compare` uses too, so the list is one total order.

import { writeFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

const ZWNJ = '\u200C'

// Tags, categories and sources as a civil-registry news portal writes them, with the spellings
// that trip a sort: hamza forms, a space against none, ZWNJ, Arabic yeh and kaf, both kinds of
// digits, Latin words, the four Persian letters, heh with hamza and teh marbuta, harakat.
// A `|` stands for a ZWNJ (U+200C), which is invisible in most editors.
const words = [
  // The demo's and the seed's tags.
  'کارت هوشمند ملی', 'کارت ملی', 'کارت|ملی', 'کارت', 'کارتابل', 'ثبت احوال',
  'ثبت|احوال', 'ثبتی', 'ثبت', 'ثبت ولادت', 'ثبت وفات', 'ثبت|نام',
  'ثبت نام', 'شناسنامه', 'شناسنامهٔ المثنی', 'شناسنامه المثنی', 'البرز', 'استان البرز', 'کرج',
  'اداره کل', 'اداره|کل', 'اطلاعیه', 'اطلاع|رسانی', 'آمار',
  'آمار ولادت', 'آمارنامه', 'آب', 'آبان', 'اباذر', 'ابتکار', 'پیشخوان دولت', 'پیشخوان', 'پست',
  'پرسش و پاسخ', 'چاپ', 'چهره', 'ژنو', 'ژاله', 'گزارش', 'گزارش تصویری', 'گواهی', 'گواهی فوت',
  'مصاحبه', 'مدیرکل', 'مدیر کل', 'مراسم', 'نوروز', 'هفته ثبت احوال', 'هفتهٔ ثبت احوال', 'هویت',
  'ولادت', 'وفات', 'یادداشت', 'یارانه',
  // Hamza forms: on alef above and below, on yeh and waw, alone, and madda.
  'أحمد', 'احمد', 'إسلام', 'اسلام', 'آسمان', 'ائمه', 'ئ', 'ؤ', 'ء', 'مسئول', 'مسؤول', 'مسئولیت',
  'سؤال', 'سوال', 'رئیس', 'رییس', 'رئیس|جمهور', 'جزء', 'جزئی', 'جزو', 'شیء',
  'شی', 'مؤسسه', 'موسسه', 'تأیید', 'تایید', 'تأمین', 'هیئت', 'هیأت', 'هیات', 'أ', 'إ', 'آ', 'ا',
  // Arabic yeh and kaf against Persian ones.
  'كارت', 'كرج', 'يارانه', 'علي', 'علی', 'كتاب', 'کتاب', 'ي', 'ی', 'ك', 'ک', 'ى',
  // Heh with hamza, teh marbuta, heh.
  'خانهٔ ملت', 'خانه ملت', 'خانۀ ملت', 'مدرسة', 'مدرسه', 'ة', 'ۀ', 'ه', 'هٔ',
  // Harakat.
  'مُحَمَّد', 'محمد', 'مَرکز', 'مرکز',
  // Digits, Persian and Latin, and numbers in names.
  '۱۴۰۳', '1403', '۱۳۹۹', '1399', '۹۹', '99', '۱۰', '10', '۲', '2', 'سال ۱۴۰۳', 'سال 1403',
  'سال ۹۹', 'کووید-۱۹', 'کووید ۱۹', 'COVID-19',
  // Latin words and letters.
  'COVID', 'covid', 'ICT', 'e-government', 'Alborz', 'alborz', 'Zip', 'A', 'a', 'B',
  // Words that differ in one place only.
  'بهار', 'بهارستان', 'به|روز', 'به روز', 'بروز', 'بیمه', 'تهران', 'ترکیه',
  'تحویل', 'خدمات', 'خدمات الکترونیک', 'خدمات|الکترونیک', 'دفتر', 'دفاتر',
  'ذخیره', 'رسانه', 'میروم', 'می|روم', 'ب', 'پ', 'ج', 'چ', 'ز', 'ژ', 'گ', 'ل', 'زایمان', 'زاد و ولد', 'سامانه', 'سامانه|ها', 'شورا',
  'صدور', 'ضوابط', 'طرح', 'ظرفیت', 'عکس', 'غلامرضا', 'فرم', 'قانون', 'لغو', 'مهاجرت',
]

const collator = new Intl.Collator('fa')
const resolved = collator.resolvedOptions().locale
if (resolved !== 'fa') {
  console.error(`Node's ICU resolves 'fa' to '${resolved}': run this with a full-ICU Node.js.`)
  process.exit(1)
}
const withZwnj = words.map((w) => w.replaceAll('|', ZWNJ))
const unique = [...new Set(withZwnj)]
if (unique.length !== words.length) {
  console.error('The list has a word twice.')
  process.exit(1)
}

const codePoints = (s) => Array.from(s, (c) => c.codePointAt(0))
const byCodePoint = (a, b) => {
  const x = codePoints(a)
  const y = codePoints(b)
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] - y[i]
  }
  return x.length - y.length
}
unique.sort((a, b) => collator.compare(a, b) || byCodePoint(a, b))

const out = process.argv[2] ?? 'tests/data/collation/fa-reference.txt'
mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, unique.join('\n') + '\n')
console.log(`${out}: ${unique.length} words in ICU ${process.versions.icu}'s 'fa' order`)
