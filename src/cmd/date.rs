//! `akhbar date`: today's Jalali date, or dates converted between the Jalali and Gregorian calendars.

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use jiff::tz::TimeZone;

use akhbar::calendar::{
    Calendar, DEFAULT_TIME_ZONE, DateFormat, EditorDate, JalaliDateTime, parse_date, time_zone,
};
use akhbar::diagnostic::Lang;
use akhbar::persian::bidi::isolate;
use akhbar::persian::digits::Digits;

use super::failed::failed;
use super::terminal::Terminal;

/// Show today's Jalali date, or convert dates between the Jalali and Gregorian calendars.
///
/// Accepted dates: Jalali 1399/07/05, 1399-07-05 (a year below 1700) or ۵ مهر ۱۳۹۹,
/// optionally with 10:30 or 10:30:00 after a space; Gregorian ISO 8601 such as 2020-09-26,
/// 2020-09-26T10:30 or 2020-09-26T07:00:00Z. Digits may be Latin, Persian or Arabic-Indic.
#[derive(Debug, Args)]
pub struct DateArgs {
    /// Dates to convert; `-` reads one date a line from standard input; none shows now.
    #[arg(value_name = "DATE")]
    dates: Vec<String>,

    /// Output format: %Y %m %d %-m %-d %B (month) %A (weekday) %H %M %S %z %:z %%.
    #[arg(long, short, value_name = "FMT", value_parser = parse_format)]
    format: Option<DateFormat>,

    /// Print the Gregorian date instead of the Jalali one.
    #[arg(long, short)]
    gregorian: bool,

    /// Digits of the output [default: persian for Jalali, latin for Gregorian].
    #[arg(long, value_enum, value_name = "DIGITS")]
    digits: Option<DigitsArg>,

    /// IANA time zone that dates without an offset are in, and that output is shown in.
    #[arg(long, value_name = "ZONE", default_value = DEFAULT_TIME_ZONE, value_parser = parse_zone)]
    tz: TimeZone,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DigitsArg {
    Latin,
    Persian,
}

fn parse_format(text: &str) -> Result<DateFormat, String> {
    text.parse()
        .map_err(|e: akhbar::calendar::FormatError| e.to_string())
}

fn parse_zone(name: &str) -> Result<TimeZone, String> {
    time_zone(name).map_err(|e| e.to_string())
}

pub fn run(args: DateArgs, terminal: Terminal) -> anyhow::Result<ExitCode> {
    let converter = Converter::new(&args, terminal);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.dates.is_empty() {
        let now = JalaliDateTime::now(&args.tz);
        writeln!(out, "{}", converter.render(&now, true))?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut failures = 0usize;
    for date in &args.dates {
        failures += if date == "-" {
            converter.convert_lines(io::stdin().lock(), &mut out)?
        } else {
            let label = match terminal.lang {
                Lang::Fa => format!("akhbar: {}", isolate(date)),
                Lang::En => format!("akhbar: {date}"),
            };
            usize::from(!converter.write_line(date, &label, &mut out)?)
        };
    }
    out.flush()
        .context(failed("نوشتن در خروجی", "writing to standard output"))?;
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The output settings of one run, applied to every date.
struct Converter {
    calendar: Calendar,
    digits: Digits,
    zone: TimeZone,
    /// The format for date-times and the format for dates without a time.
    formats: [DateFormat; 2],
    /// Where and in which language the reasons go.
    terminal: Terminal,
}

impl Converter {
    fn new(args: &DateArgs, terminal: Terminal) -> Self {
        let calendar = if args.gregorian {
            Calendar::Gregorian
        } else {
            Calendar::Jalali
        };
        let digits = match (args.digits, calendar) {
            (Some(DigitsArg::Latin), _) | (None, Calendar::Gregorian) => Digits::Latin,
            (Some(DigitsArg::Persian), _) | (None, Calendar::Jalali) => Digits::Persian,
        };
        let [with_time, date_only] = match calendar {
            Calendar::Jalali => ["%A %-d %B %Y، ساعت %H:%M", "%A %-d %B %Y"],
            Calendar::Gregorian => ["%Y-%m-%dT%H:%M:%S%:z", "%Y-%m-%d"],
        };
        let default = |spec: &str| spec.parse().expect("the default formats are valid");
        let formats = match &args.format {
            Some(format) => [format.clone(), format.clone()],
            None => [default(with_time), default(date_only)],
        };
        Converter {
            calendar,
            digits,
            zone: args.tz.clone(),
            formats,
            terminal,
        }
    }

    fn render(&self, moment: &JalaliDateTime, has_time: bool) -> String {
        let format = &self.formats[usize::from(!has_time)];
        format.render(moment, self.calendar, self.digits)
    }

    /// Writes the line for `text` to `out`: the converted date, or an empty line with the reason
    /// on standard error after `label`. Returns whether `text` was a date.
    fn write_line(&self, text: &str, label: &str, out: &mut impl Write) -> io::Result<bool> {
        let converted = parse_date(text, &self.zone).map(|parsed| {
            let EditorDate {
                moment, has_time, ..
            } = parsed;
            self.render(&moment, has_time)
        });
        match converted {
            Ok(line) => {
                writeln!(out, "{line}")?;
                Ok(true)
            }
            Err(error) => {
                out.flush()?;
                let reason = match self.terminal.lang {
                    Lang::Fa => error.persian(),
                    Lang::En => error.to_string(),
                };
                eprint!("{}", self.terminal.lay_out(&format!("{label}: {reason}")));
                writeln!(out)?;
                Ok(false)
            }
        }
    }

    /// Writes one line to `out` for each line of `input`; returns how many were not dates.
    fn convert_lines(
        &self,
        mut input: impl BufRead,
        out: &mut impl Write,
    ) -> anyhow::Result<usize> {
        let mut failures = 0;
        let mut raw = Vec::new();
        for number in 1.. {
            raw.clear();
            if input
                .read_until(b'\n', &mut raw)
                .context(failed("خواندن ورودی", "reading standard input"))?
                == 0
            {
                break;
            }
            let text = String::from_utf8_lossy(&raw);
            let text = text.trim_start_matches('\u{FEFF}');
            let label = match self.terminal.lang {
                Lang::Fa => format!("سطر {}", self.terminal.count(number)),
                Lang::En => format!("line {number}"),
            };
            failures += usize::from(!self.write_line(text, &label, out)?);
        }
        Ok(failures)
    }
}
