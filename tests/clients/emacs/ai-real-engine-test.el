;;; ai-real-engine-test.el --- Eglot: an AI action through the real engine tier  -*- lexical-binding: t; -*-

;; An AI code action end to end through the REAL engine tier (llama.cpp on a tiny
;; random-weight model, tests/real_engine), applied by Eglot itself: eglot 1.9 never
;; resolves, so "Add documentation" carries the command codecrucible.runAiAction; Eglot
;; runs it, the server calls the engine and sends workspace/applyEdit, Eglot applies it.
;; The buffer is then checked line by line, and the inserted comment must be exactly what
;; the engine generated (its /debug/stats history).  The engine runs with --chat-grammar
;; tests/clients/real_engine_answer.gbnf (see there).
;; Run by tests/clients/run.sh (kind emacs-ai-real), which starts the engine:
;;   CC_BINARY=... CC_REAL_ENGINE_URL=http://127.0.0.1:N emacs -Q --batch -L <eglot> \
;;     -L editors/emacs -l tests/clients/emacs/ai-real-engine-test.el -f ert-run-tests-batch-and-exit

;;; Code:

(require 'ert)
(require 'cl-lib)
(require 'json)
(require 'url)
(require 'python)
(require 'codecrucible)

(defconst cc-real-dir (file-name-directory (or load-file-name buffer-file-name)))
(require 'cc-test-support (expand-file-name "cc-test-support" cc-real-dir))
(setq cc-test-wait-seconds 30)  ; a CPU-only engine generates slowly

(defun cc-real--last-chat-answer (engine-url)
  "The engine's latest chat generation record (alist) from ENGINE-URL/debug/stats."
  (let* ((buffer (url-retrieve-synchronously (concat engine-url "/debug/stats") t t cc-test-wait-seconds))
         (stats (with-current-buffer buffer
                  (goto-char (point-min))
                  (re-search-forward "\n\n")
                  (json-parse-buffer :object-type 'alist :array-type 'list)))
         (chats (cl-remove-if-not (lambda (h) (member (alist-get 'route h) '("/api/chat" "/v1/chat/completions")))
                                  (alist-get 'history stats))))
    (kill-buffer buffer)
    (should chats)
    (car (last chats))))

(defun cc-real--lines ()
  "The current buffer's lines."
  (split-string (buffer-substring-no-properties (point-min) (point-max)) "\n"))

(ert-deftest codecrucible-eglot-ai-action-real-engine ()
  (let* ((binary (or (getenv "CC_BINARY") (ert-fail "CC_BINARY is not set")))
         (engine-url (or (getenv "CC_REAL_ENGINE_URL") (ert-fail "CC_REAL_ENGINE_URL is not set")))
         (fixture (expand-file-name "../fixtures/sample.py" cc-real-dir))
         (workdir (make-temp-file "cc-emacs-ai-real-" t))
         (path (expand-file-name "sample.py" workdir))
         (codecrucible-program binary)
         (codecrucible-settings
          `(:diagnostics (:debounceMs 0)
            :generation
            (:endpoints
             [(:name "real-ollama" :kind "ollama" :url ,engine-url :tier "fast" :model "tiny-random:latest")
              (:name "real-openai" :kind "openai" :url ,(concat engine-url "/v1") :tier "quality"
                     :model "tiny-random:latest")]
             :cache (:enabled :json-false))))
         (eglot-confirm-server-initiated-edits nil)
         (eglot-sync-connect t)
         (eglot-autoreconnect nil)
         (eglot-events-buffer-size 0)
         (server nil))
    (copy-file fixture path t)
    (unwind-protect
        (with-current-buffer (find-file-noselect path)
          (apply #'eglot (eglot--guess-contact))
          (setq server (cc-test--wait "eglot to connect" #'eglot-current-server))
          (cc-test--wait "the health probe to find the engine"
                         (lambda () (and codecrucible-last-status
                                         (eq (plist-get codecrucible-last-status :available) t)))
                         nil server)
          (let* ((before (cc-real--lines))
                 (eval-line (cl-position-if (lambda (l) (string-match-p "eval(" l)) before))
                 (beg (save-excursion (goto-char (point-min)) (forward-line eval-line) (+ (point) 4)))
                 (actions (eglot-code-actions beg beg))
                 (doc (cl-find-if (lambda (a)
                                    (let* ((args (plist-get (plist-get a :command) :arguments))
                                           (info (and (> (length args) 0) (elt args 0))))
                                      (and (listp info) (equal (plist-get info :action) "document")
                                           (not (plist-get a :disabled)))))
                                  actions)))
            (should eval-line)
            (should doc)
            (should-not (plist-get doc :edit))
            ;; M-x eglot-code-actions, choosing "Add documentation": eglot runs the command.
            (cl-letf (((symbol-function 'completing-read) (lambda (&rest _) (plist-get doc :title))))
              (let ((last-nonmenu-event 13))
                (eglot-code-actions beg beg nil t)))
            (cc-test--wait "the real engine's edit in the buffer"
                           (lambda () (= (length (cc-real--lines)) (1+ (length before))))
                           nil server)
            (let* ((now (cc-real--lines))
                   (comment (nth eval-line now))
                   (answer (cc-real--last-chat-answer engine-url)))
              (should (equal (cl-subseq now 0 eval-line) (cl-subseq before 0 eval-line)))
              (should (string-match-p "\\`    # [a-z]+[a-z ]*\\'" comment))
              (should (equal (nthcdr (1+ eval-line) now) (nthcdr eval-line before)))
              (should (equal (alist-get 'done_reason answer) "stop"))
              (should (string-search (concat "\n" comment "\n") (alist-get 'text answer)))
              (message "inserted: %s" comment)))
          (cc-test--shutdown server))
      (cc-test--clean-up server workdir))))

;;; ai-real-engine-test.el ends here
