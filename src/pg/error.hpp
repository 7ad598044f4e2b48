// Errors raised from C++ code, carried as exceptions to the PostgreSQL boundary.
#pragma once

#include "pg/pg.hpp"

#include <exception>
#include <string>

namespace tsdist::pg
{

// A user-facing error in PostgreSQL's style: SQLSTATE, message, detail, hint.
// Thrown by C++ code that owns destructible objects; reported by entry().
class Error : public std::exception
{
public:
	Error(int sqlstate, std::string message, std::string detail = {}, std::string hint = {})
	    : sqlstate_(sqlstate), message_(std::move(message)), detail_(std::move(detail)),
	      hint_(std::move(hint))
	{
	}
	const char *
	what() const noexcept override
	{
		return message_.c_str();
	}
	int
	sqlstate() const
	{
		return sqlstate_;
	}
	const std::string &
	detail() const
	{
		return detail_;
	}
	const std::string &
	hint() const
	{
		return hint_;
	}

private:
	int sqlstate_;
	std::string message_;
	std::string detail_;
	std::string hint_;
};

// A PostgreSQL error caught by guard(): the copied ErrorData, re-thrown
// unchanged (SQLSTATE, detail, hint, context) once it reaches the boundary.
class PgException : public std::exception
{
public:
	explicit PgException(ErrorData *edata) : edata_(edata) {}
	const char *
	what() const noexcept override
	{
		return edata_->message;
	}
	ErrorData *
	edata() const
	{
		return edata_;
	}

private:
	ErrorData *edata_;
};

} // namespace tsdist::pg
