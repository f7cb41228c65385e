//! `akhbar desk user`: the desk's accounts. Passwords are typed without being shown (twice, to
//! catch a slip), or read from the standard input's first line with `--password-stdin` for
//! scripts.

use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

use akhbar::desk::accounts::{ACCOUNTS_FILE, Accounts, AccountsError, Role};

use super::terminal::Terminal;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Make an account for a colleague; the desk then asks everyone to log in.
    Add {
        /// The name typed at login: letters, digits, '.', '-' or '_'.
        name: String,
        /// editor (news items, pictures, publish), moderator (comments) or admin (both).
        #[arg(long, default_value = "editor")]
        role: Role,
        /// Read the password from the standard input's first line instead of asking.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Give an account a new password; its open sessions end.
    Password {
        name: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Remove an account; its open sessions end.
    Remove { name: String },
    /// List the accounts and their roles.
    List,
}

pub fn run(root: &Path, command: UserCommand, terminal: Terminal) -> anyhow::Result<ExitCode> {
    let file = root.join(ACCOUNTS_FILE);
    let mut accounts = Accounts::load(&file)?;
    match command {
        UserCommand::Add {
            name,
            role,
            password_stdin,
        } => {
            let password = password(password_stdin, terminal)?;
            accounts.add(&name, role, &password)?;
            accounts.save(&file)?;
            terminal.say_in(
                &format!("حساب «{name}» با نقش {} ساخته شد.", role.persian()),
                &format!("Made the account '{name}' ({role})."),
            );
        }
        UserCommand::Password {
            name,
            password_stdin,
        } => {
            if accounts.get(&name).is_none() {
                return Err(AccountsError::Unknown(name).into());
            }
            let password = password(password_stdin, terminal)?;
            accounts.set_password(&name, &password)?;
            accounts.save(&file)?;
            terminal.say_in(
                &format!("گذرواژهٔ «{name}» عوض شد."),
                &format!("Changed the password of '{name}'."),
            );
        }
        UserCommand::Remove { name } => {
            accounts.remove(&name)?;
            accounts.save(&file)?;
            terminal.say_in(
                &format!("حساب «{name}» برداشته شد."),
                &format!("Removed the account '{name}'."),
            );
        }
        UserCommand::List => {
            for account in accounts.all() {
                println!("{}\t{}", account.name, account.role);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The new password: the standard input's first line, or typed twice unseen at the terminal.
fn password(from_stdin: bool, terminal: Terminal) -> anyhow::Result<String> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from the standard input")?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    let ask = |fa: &str, en: &str| rpassword::prompt_password(terminal.lang.pick(fa, en));
    let first = ask("گذرواژه: ", "Password: ").context("cannot read the password")?;
    let again = ask("دوباره: ", "Again: ").context("cannot read the password")?;
    anyhow::ensure!(
        first == again,
        "the two passwords differ; nothing was changed / دو گذرواژه یکی نیست؛ چیزی تغییر نکرد"
    );
    Ok(first)
}
