//! `akhbar comments …`: the intake service, the moderation export, the decisions and a list.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};

use akhbar::calendar::{Calendar, DateFormat, JalaliDateTime};
use akhbar::comments::intake::secret::load_secret;
use akhbar::comments::intake::{Intake, serve_on};
use akhbar::comments::moderation::apply::{self, Change};
use akhbar::comments::moderation::export::{ExportFormat, ExportInput, NewsRef, export};
use akhbar::comments::{Comment, CommentStore, Status};
use akhbar::config::Config;
use akhbar::content::Content;
use akhbar::diagnostic::{Diagnostic, Lang, persian_number};
use akhbar::paths::PathError;
use akhbar::persian::bidi::isolate;
use akhbar::persian::bidi::{Direction, visual_line};
use akhbar::persian::digits::Digits;

use super::failed::{Failed, failed};
use super::terminal::{Choices, Terminal};

/// Readers' comments: receive them, export the queue, apply decisions, list them.
#[derive(Debug, Args)]
pub struct CommentsArgs {
    /// The site's folder, with site.toml and content/.
    #[arg(long, value_name = "DIR", default_value = ".", global = true)]
    root: PathBuf,

    #[command(subcommand)]
    command: CommentsCommand,
}

#[derive(Debug, Subcommand)]
enum CommentsCommand {
    Serve(ServeArgs),
    Export(ExportArgs),
    Apply(ApplyArgs),
    List(ListArgs),
}

/// Run the intake service that the site's comment form posts to (behind the web server).
#[derive(Debug, Args)]
struct ServeArgs {
    /// The address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8090")]
    bind: SocketAddr,

    /// Another origin whose pages may post (besides base_url's), e.g. a staging site.
    #[arg(long = "allow-origin", value_name = "URL")]
    allow_origins: Vec<String>,
}

/// Write the moderation queue (CSV, JSON or an HTML report) outside public/.
#[derive(Debug, Args)]
struct ExportArgs {
    /// Which comments [default: pending].
    #[arg(long, value_enum, default_value = "pending")]
    status: StatusChoice,

    #[arg(long, value_enum, default_value = "csv")]
    format: ExportFormat,

    /// The folder to write the file to.
    #[arg(long, value_name = "DIR", default_value = "moderation")]
    out: PathBuf,
}

/// Apply the decisions of an edited export: all of them, or none if any row is wrong.
#[derive(Debug, Args)]
struct ApplyArgs {
    /// The CSV file with the `decision` (and `reply`) columns filled in.
    file: PathBuf,

    /// Who decided, recorded in each comment [default: $USER].
    #[arg(long)]
    by: Option<String>,
}

/// List comments in the terminal (right-to-left text as the global `--bidi` says).
#[derive(Debug, Args)]
struct ListArgs {
    #[arg(long, value_enum, default_value = "all")]
    status: StatusChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum StatusChoice {
    All,
    Pending,
    Approved,
    Rejected,
    Spam,
}

impl StatusChoice {
    fn admits(self, status: Status) -> bool {
        match self {
            StatusChoice::All => true,
            StatusChoice::Pending => status == Status::Pending,
            StatusChoice::Approved => status == Status::Approved,
            StatusChoice::Rejected => status == Status::Rejected,
            StatusChoice::Spam => status == Status::Spam,
        }
    }
}

pub fn run(args: CommentsArgs, choices: Choices) -> anyhow::Result<ExitCode> {
    let terminal = choices.for_site(&args.root);
    let config = match Config::load(&args.root) {
        Ok(config) => config,
        Err(problem) => {
            terminal.problem(&problem);
            return Ok(ExitCode::FAILURE);
        }
    };
    match args.command {
        CommentsCommand::Serve(serve_args) => run_serve(config, serve_args, terminal),
        CommentsCommand::Export(export_args) => run_export(&config, export_args, terminal),
        CommentsCommand::Apply(apply_args) => run_apply(&config, apply_args, terminal),
        CommentsCommand::List(list_args) => {
            let visual = choices.visual(std::io::stdout().is_terminal());
            run_list(&config, list_args, visual, terminal)
        }
    }
}

fn run_serve(config: Config, args: ServeArgs, terminal: Terminal) -> anyhow::Result<ExitCode> {
    let secret_file = config.root.join(&config.site.comments.secret_file);
    let secret = load_secret(&secret_file).map_err(|error| {
        anyhow::Error::msg(failed(
            format!("سرویس دیدگاه‌ها راه نیفتاد؛ {}", error.persian()),
            format!("the service will not start: {error}"),
        ))
    })?;
    let intake = match Intake::new(config, secret) {
        Ok(intake) => intake,
        Err(problems) => {
            terminal.problems("", &problems);
            return Ok(ExitCode::FAILURE);
        }
    };
    let news = intake.news.read().expect("not shared yet").len();
    let runtime = tokio::runtime::Runtime::new()
        .context(failed("سرویس راه نیفتاد", "cannot start the async runtime"))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(args.bind))
        .with_context(|| serve_failed(&args.bind))?;
    let address = listener
        .local_addr()
        .with_context(|| serve_failed(&args.bind))?;
    terminal.say_in(
        &format!(
            "دیدگاه‌های {} خبر در {} پذیرفته می‌شود (Ctrl-C برای توقف)",
            persian_number(news),
            isolate(&format!("http://{address}"))
        ),
        &format!("taking comments for {news} news items on http://{address} (Ctrl-C stops)"),
    );
    runtime
        .block_on(serve_on(listener, Arc::new(intake), &args.allow_origins))
        .with_context(|| serve_failed(&address))?;
    Ok(ExitCode::SUCCESS)
}

/// Every stored comment; else the files that cannot be read are reported, and the command
/// ends with this exit code.
fn load_comments(config: &Config, terminal: Terminal) -> Result<Vec<Comment>, ExitCode> {
    CommentStore::of_site(config)
        .load_all()
        .map_err(|problems| {
            terminal.problems("", &problems);
            ExitCode::FAILURE
        })
}

fn run_export(config: &Config, args: ExportArgs, terminal: Terminal) -> anyhow::Result<ExitCode> {
    let out = config.root.join(&args.out);
    if let Err(problem) = refuse_published(config, &out) {
        terminal.problem(&problem);
        return Ok(ExitCode::FAILURE);
    }
    let all = match load_comments(config, terminal) {
        Ok(all) => all,
        Err(code) => return Ok(code),
    };
    let chosen: Vec<&Comment> = all
        .iter()
        .filter(|c| args.status.admits(c.status))
        .collect();
    let content = match Content::load(config) {
        Ok(content) => content,
        Err(problems) => {
            terminal.problems("", &problems);
            return Ok(ExitCode::FAILURE);
        }
    };
    let base = config.site.base_url.trim_end_matches('/');
    let news: HashMap<u64, NewsRef> = content
        .news
        .iter()
        .map(|item| {
            let url = format!("{base}/news/{}/", item.id);
            (
                item.id,
                NewsRef {
                    title: item.title.clone(),
                    url,
                },
            )
        })
        .collect();
    let input = ExportInput {
        comments: &chosen,
        all: &all,
        news: &news,
        blocked_words: &config.site.comments.blocked_words,
        zone: &config.zone,
        generated_at: jiff::Timestamp::now(),
    };
    let bytes = export(&input, args.format);
    std::fs::create_dir_all(&out).with_context(|| {
        let shown = out.display().to_string();
        failed(
            format!("پوشهٔ {} ساخته نشد", isolate(&shown)),
            format!("cannot make {shown}"),
        )
    })?;
    let file = write_new(&out, args.format.extension(), &bytes)?;
    let shown = file.display().to_string();
    println!(
        "{}",
        terminal.lang.pick(
            &format!(
                "{} دیدگاه در {}",
                persian_number(chosen.len()),
                isolate(&shown)
            ),
            &format!("{shown}: {} comments", chosen.len()),
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// Serving on `address` failed.
fn serve_failed(address: &SocketAddr) -> Failed {
    let shown = format!("http://{address}");
    failed(
        format!("روی {} نمی‌توان دیدگاه پذیرفت", isolate(&shown)),
        format!("cannot serve on {address}"),
    )
}

/// Writing `file` failed.
fn write_failed(file: &Path) -> Failed {
    let shown = file.display().to_string();
    failed(
        format!("{} نوشته نشد", isolate(&shown)),
        format!("cannot write {shown}"),
    )
}

/// Writes `bytes` to a new `comments-<time>.<extension>` in `out`, never over an earlier export.
fn write_new(out: &Path, extension: &str, bytes: &[u8]) -> anyhow::Result<PathBuf> {
    let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S");
    for attempt in 1.. {
        let suffix = if attempt == 1 {
            String::new()
        } else {
            format!("-{attempt}")
        };
        let file = out.join(format!("comments-{stamp}{suffix}.{extension}"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&file)
        {
            Ok(mut handle) => {
                handle
                    .write_all(bytes)
                    .with_context(|| write_failed(&file))?;
                return Ok(file);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => {
                return Err(error).with_context(|| write_failed(&file));
            }
        }
    }
    unreachable!("some name is free")
}

/// Emails must never land where the site is published: `out`, resolved for real (`..` and
/// links), may be anywhere but under `public/` or a static folder.
fn refuse_published(config: &Config, out: &Path) -> Result<(), Diagnostic> {
    let error = match config.export_root().resolve(out) {
        Ok(_) => return Ok(()),
        Err(error @ PathError::Unreadable { .. }) => return Err(error.diagnostic()),
        Err(error) => error,
    };
    let real = error.real().unwrap_or(out).display();
    let message = format!(
        "leads to {real}: the export holds readers' emails and must not go under public/ or a \
         static folder, which are published; choose another --out"
    );
    let detail = format!(
        "به {} می‌رسد: خروجی دیدگاه‌ها نشانی ایمیل خوانندگان را دارد و نباید درون public/ یا \
         پوشه‌های static باشد که منتشر می‌شوند؛ `--out` دیگری برگزینید",
        isolate(&real.to_string())
    );
    Err(Diagnostic::new(error.path(), None, message)
        .with_persian("مقصد نادرست برای خروجی دیدگاه‌ها", detail))
}

fn run_apply(config: &Config, args: ApplyArgs, terminal: Terminal) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&args.file).with_context(|| {
        let shown = args.file.display().to_string();
        failed(
            format!("{} خوانده نشد", isolate(&shown)),
            format!("cannot read {shown}"),
        )
    })?;
    let store = CommentStore::of_site(config);
    akhbar::comments::model::journal::recover(&store)
        .with_context(|| {
            let shown = store.dir().display().to_string();
            failed(
                format!("نخست {} مرتب نشد", isolate(&shown)),
                format!("cannot tidy {shown} first"),
            )
        })?
        .log();
    let comments = match load_comments(config, terminal) {
        Ok(comments) => comments,
        Err(code) => return Ok(code),
    };
    let by = args
        .by
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "moderator".into());
    let planned = match apply::plan(&bytes, &args.file, &comments, &by, jiff::Timestamp::now()) {
        Ok(planned) => planned,
        Err(problems) => {
            let before = terminal
                .lang
                .pick("چیزی تغییر نکرد؛ ", "nothing was changed; ");
            terminal.problems(before, &problems);
            return Ok(ExitCode::FAILURE);
        }
    };
    let decisions = args.file.display().to_string();
    if planned.is_empty() {
        println!(
            "{}",
            terminal.lang.pick(
                &format!(
                    "چیزی برای تغییر نیست: همهٔ تصمیم‌های {} پیش‌تر اعمال شده است.",
                    isolate(&decisions)
                ),
                &format!("Nothing to change: every decision in {decisions} is already applied."),
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    apply::apply(&store, &planned).context(failed(
        "همهٔ تصمیم‌ها نوشته نشد؛ آن‌هایی که آماده شده‌اند با `comments apply` بعدی کامل می‌شوند",
        "the decisions could not all be written; those already staged are completed by the next `comments apply`",
    ))?;
    for (_, change) in &planned {
        println!("{}", change_line(change, terminal.lang));
    }
    println!(
        "{}",
        terminal.lang.pick(
            &format!("{} دیدگاه تغییر کرد.", persian_number(planned.len())),
            &format!("{} comments changed.", planned.len()),
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// One line of `comments apply`'s change list: the comment's new state, its id, its news
/// item, its state before and whether its reply was set.
fn change_line(change: &Change, lang: Lang) -> String {
    match lang {
        Lang::Fa => format!(
            "{}: {}  (خبر {}، پیش‌تر {}{})",
            change.to.persian(),
            change.id,
            persian_number(change.news_id),
            change.from.persian(),
            if change.reply_changed {
                "، پاسخ ثبت شد"
            } else {
                ""
            }
        ),
        Lang::En => format!(
            "{:<9} {}  (news {}, from {}{})",
            change.to.as_str(),
            change.id,
            change.news_id,
            change.from,
            if change.reply_changed {
                ", reply set"
            } else {
                ""
            }
        ),
    }
}

/// Lists the comments on standard output, each line reordered for display when `visual`.
fn run_list(
    config: &Config,
    args: ListArgs,
    visual: bool,
    terminal: Terminal,
) -> anyhow::Result<ExitCode> {
    let comments = match load_comments(config, terminal) {
        Ok(comments) => comments,
        Err(code) => return Ok(code),
    };
    let stdout = std::io::stdout();
    let date: DateFormat = "%Y/%m/%d %H:%M".parse().expect("a valid format");
    let mut out = stdout.lock();
    let mut shown = 0;
    for comment in comments.iter().filter(|c| args.status.admits(c.status)) {
        let moment =
            JalaliDateTime::from_zoned(comment.received_at.to_zoned_datetime(config.zone.clone()))
                .expect("a time of our era has a Jalali date");
        let head = match terminal.lang {
            Lang::Fa => format!(
                "{}  {}  خبر {}  {}",
                comment.id,
                date.render(&moment, Calendar::Jalali, Digits::Persian),
                persian_number(comment.news_id),
                comment.status.persian()
            ),
            Lang::En => format!(
                "{}  {}  news {}  {}",
                comment.id,
                date.render(&moment, Calendar::Jalali, Digits::Latin),
                comment.news_id,
                comment.status
            ),
        };
        let head = if visual && terminal.lang == Lang::Fa {
            visual_line(&head, Direction::Rtl)
        } else {
            head
        };
        writeln!(out, "{head}")?;
        let text = format!("{} <{}>: {}", comment.name, comment.email, comment.body);
        for line in text.lines() {
            let line = if visual {
                visual_line(line, Direction::Rtl)
            } else {
                line.to_string()
            };
            writeln!(out, "    {line}")?;
        }
        shown += 1;
    }
    let total = terminal.lang.pick("دیدگاه", "comments");
    let count = match terminal.lang {
        Lang::Fa => persian_number(shown),
        Lang::En => shown.to_string(),
    };
    writeln!(out, "{count} {total}")?;
    Ok(ExitCode::SUCCESS)
}
