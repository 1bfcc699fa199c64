//! The picker's librarian: a thread that opens the library's index (brought
//! up to date with the folder), lists the library from it, then loads the
//! files the picker asks for and answers its searches, each as a message
//! for the event loop. The picker thus has its rows without reading a
//! single briefing, and input is never kept waiting for the index.
//!
//! When no index can be made (not even in memory), the files are loaded
//! whole, one message each, as before the index: the picker fills in as
//! they come and searches them in memory.

use std::io;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::time::{Duration, Instant};

use super::msg::Msg;
use super::picker::SEARCH_LIMIT;
use crate::library::index::{self, Index, OnDisk};
use crate::library::{load_entry, load_streaming};

/// How often the index's progress is told at most: the picker's count
/// moves at a glance, and the event loop is not woken for every file.
const TICK: Duration = Duration::from_millis(50);

/// What the picker asks of the librarian.
#[derive(Debug)]
enum Ask {
    /// Load this file.
    Load(PathBuf),
    /// Search the library for this query.
    Search(String),
}

/// The librarian's thread, as the event loop sees it.
#[derive(Debug)]
pub struct Librarian {
    asks: Sender<Ask>,
    answers: Receiver<Msg>,
    /// Readable when answers came (a byte each): what the event loop waits
    /// on beside the terminal.
    #[cfg(unix)]
    wake: std::os::unix::net::UnixStream,
}

/// Sends the event loop an answer, and wakes it up.
struct Answer {
    to: Sender<Msg>,
    #[cfg(unix)]
    wake: std::os::unix::net::UnixStream,
}

impl Answer {
    /// A second sender of answers, for another thread.
    fn try_clone(&self) -> io::Result<Answer> {
        Ok(Answer {
            to: self.to.clone(),
            #[cfg(unix)]
            wake: self.wake.try_clone()?,
        })
    }

    /// An index's progress told to the picker ([`Msg::Indexing`]): the
    /// first count and the last, and between them one every [`TICK`].
    fn progress(self) -> index::Progress {
        let last = std::sync::Mutex::new(None::<Instant>);
        index::Progress::new(move |done, total| {
            let Ok(mut last) = last.lock() else {
                return;
            };
            let due = last.is_none_or(|at| at.elapsed() >= TICK) || done == total;
            if due {
                *last = Some(Instant::now());
                self.send(Msg::Indexing { done, total });
            }
        })
    }

    /// Whether the reader is still there to take it.
    fn send(&self, msg: Msg) -> bool {
        if self.to.send(msg).is_err() {
            return false;
        }
        #[cfg(unix)]
        {
            use std::io::Write;
            // Full (the loop has not woken yet): it will see every answer.
            let _ = (&self.wake).write(&[1]);
        }
        true
    }
}

impl Librarian {
    /// Starts the librarian of the library of `files` found under `root`
    /// (as [`Index::discover`] gives them, with what tells whether each
    /// changed: they are not looked at again).
    ///
    /// # Errors
    /// When the thread cannot be started.
    pub fn spawn(
        root: PathBuf,
        files: Vec<OnDisk>,
        mut settings: index::Settings,
    ) -> io::Result<Librarian> {
        let (asks, asked) = mpsc::channel();
        let (to, answers) = mpsc::channel();
        #[cfg(unix)]
        let (wake, woken) = {
            let (wake, woken) = std::os::unix::net::UnixStream::pair()?;
            wake.set_nonblocking(true)?;
            woken.set_nonblocking(true)?;
            (wake, woken)
        };
        let answer = Answer {
            to,
            #[cfg(unix)]
            wake,
        };
        settings.progress = answer.try_clone()?.progress();
        std::thread::Builder::new()
            .name("brief-librarian".into())
            .spawn(move || work(&root, files, &settings, &asked, &answer))?;
        Ok(Librarian {
            asks,
            answers,
            #[cfg(unix)]
            wake: woken,
        })
    }

    /// What becomes readable when answers come (see
    /// [`super::console::TerminalConsole::wake_on`]).
    #[cfg(unix)]
    pub fn wake(&self) -> std::os::fd::RawFd {
        use std::os::fd::AsRawFd;
        self.wake.as_raw_fd()
    }

    /// Asks for the file of `path` (answered by [`Msg::Loaded`]).
    pub fn load(&self, path: PathBuf) -> bool {
        self.asks.send(Ask::Load(path)).is_ok()
    }

    /// Asks for a search (answered by [`Msg::Found`]).
    pub fn search(&self, query: String) -> bool {
        self.asks.send(Ask::Search(query)).is_ok()
    }

    /// The answers that came, without waiting; `None` once the thread has
    /// ended and every answer was taken (it only ends by a panic: it waits
    /// for asks while the reader runs).
    pub fn answers(&self) -> Option<Vec<Msg>> {
        #[cfg(unix)]
        {
            use std::io::Read;
            let mut drain = [0u8; 256];
            while matches!((&self.wake).read(&mut drain), Ok(n) if n > 0) {}
        }
        let mut out = Vec::new();
        loop {
            match self.answers.try_recv() {
                Ok(msg) => out.push(msg),
                Err(TryRecvError::Empty) => return Some(out),
                Err(TryRecvError::Disconnected) if out.is_empty() => return None,
                Err(TryRecvError::Disconnected) => return Some(out),
            }
        }
    }
}

/// The thread: the listing, then the asks, until the reader has gone.
fn work(
    root: &std::path::Path,
    files: Vec<OnDisk>,
    settings: &index::Settings,
    asked: &Receiver<Ask>,
    answer: &Answer,
) {
    let paths: Vec<PathBuf> = files.iter().map(|f| f.path().to_path_buf()).collect();
    let mut index = match Index::open_found(root, files, settings) {
        Ok(mut index) => {
            let notices: Vec<String> = index.notices().iter().map(ToString::to_string).collect();
            match index.listing() {
                Ok(listing) => {
                    answer.send(Msg::Listed(listing));
                    for notice in notices {
                        answer.send(Msg::Message(notice));
                    }
                    Some(index)
                }
                Err(e) => {
                    answer.send(Msg::Message(e.to_string()));
                    None
                }
            }
        }
        Err(e) => {
            answer.send(Msg::Message(format!("error: {e}")));
            None
        }
    };
    if index.is_none() {
        // On every core, each file sent as it comes; the loading stops
        // once the reader has gone.
        std::thread::scope(|scope| {
            let (tx, loaded) = mpsc::channel();
            let paths = &paths;
            scope.spawn(move || load_streaming(paths, &settings.load_options, &tx));
            for (_, entry) in loaded {
                if !answer.send(Msg::Loaded(Box::new(entry))) {
                    break;
                }
            }
        });
    }
    while let Ok(ask) = asked.recv() {
        let msg = match ask {
            Ask::Load(path) => Msg::Loaded(Box::new(load_entry(&path, &settings.load_options))),
            Ask::Search(query) => {
                let found = match (index::parse(&query), index.as_mut()) {
                    (Err(e), _) => Err(e.to_string()),
                    (Ok(_), None) => Err("the library has no index".to_string()),
                    (Ok(q), Some(index)) => index
                        .search(&q, Some(SEARCH_LIMIT))
                        .map(|found| found.into_iter().map(|f| (f.path, f.hits)).collect())
                        .map_err(|e| e.to_string()),
                };
                Msg::Found { query, found }
            }
        };
        if !answer.send(msg) {
            return;
        }
    }
}
