-- Drives Neovim's built-in LSP client against `replylint lsp` (run by nvim_lsp.sh).
-- Written for Neovim 0.7 (Debian bookworm): vim.lsp.start_client + buf_attach_client,
-- vim.diagnostic.get, buf_request_sync and util.apply_workspace_edit(edit, encoding).
local bin = assert(os.getenv("REPLYLINT_BIN"), "REPLYLINT_BIN is not set")
local draft = assert(os.getenv("DRAFT"), "DRAFT is not set")

local function fail(message)
  io.stderr:write("nvim e2e: " .. message .. "\n")
  vim.cmd("cquit 1")
end

local function wait_for(what, predicate)
  if not vim.wait(20000, predicate, 20) then
    fail("timed out waiting for " .. what)
  end
end

local function run()
  vim.cmd("edit " .. vim.fn.fnameescape(draft))
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = "replylint",
    cmd = { bin, "lsp" },
    root_dir = vim.fn.fnamemodify(draft, ":h"),
    init_options = { debounceMs = 0 },
  })
  if not client_id then
    fail("could not start replylint lsp")
  end
  vim.lsp.buf_attach_client(buf, client_id)

  wait_for("diagnostics", function()
    return #vim.diagnostic.get(buf) > 0
  end)
  local diagnostics = vim.diagnostic.get(buf)
  if #diagnostics ~= 1 then
    fail("expected 1 diagnostic (the quoted line is not linted), got " .. vim.inspect(diagnostics))
  end
  local d = diagnostics[1]
  -- Neovim reports byte columns: "Hi 😀 café, " is 15 bytes.
  if d.lnum ~= 2 or d.col ~= 15 or d.end_col ~= 24 or d.source ~= "replylint" then
    fail("unexpected diagnostic " .. vim.inspect(d))
  end
  io.stdout:write("diagnostic: " .. d.message .. "\n")

  local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 2, character = 14 },
  }, 10000)
  local hover_text = hover and hover[client_id] and hover[client_id].result and hover[client_id].result.contents.value
  if not hover_text or not hover_text:find("condescension", 1, true) then
    fail("unexpected hover " .. vim.inspect(hover))
  end

  local line = vim.api.nvim_buf_get_lines(buf, 2, 3, true)[1]
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = 2, character = 0 }, ["end"] = { line = 2, character = vim.str_utfindex(line) } },
    context = { diagnostics = {} },
  }, 10000)
  local actions = responses and responses[client_id] and responses[client_id].result or {}
  local preferred
  for _, action in ipairs(actions) do
    if action.isPreferred then
      preferred = action
    end
  end
  if not preferred then
    fail("no preferred code action in " .. vim.inspect(actions))
  end
  io.stdout:write("applying: " .. preferred.title .. "\n")
  vim.lsp.util.apply_workspace_edit(preferred.edit, "utf-16")

  local expected = "Hi 😀 café, you need to clear your cache."
  local now = vim.api.nvim_buf_get_lines(buf, 2, 3, true)[1]
  if now ~= expected then
    fail("after the fix the line is " .. vim.inspect(now))
  end
  wait_for("the diagnostic to go", function()
    return #vim.diagnostic.get(buf) == 0
  end)
  io.stdout:write("fixed: " .. now .. "\n")
  vim.cmd("qall!")
end

local ok, err = pcall(run)
if not ok then
  fail(tostring(err))
end
