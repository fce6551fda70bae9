import React, { Component } from 'react'

class AddIcon extends Component {
  render() {
    return (
      <svg
        width="14"
        height="14"
        viewBox="0 0 14 14"
        xmlns="http://www.w3.org/2000/svg"
      >
        <path d="M14 8H8v6H6V8H0V6h6V0h2v6h6z" fill="#099CEC" fillRule="evenodd" />
      </svg>
    )
  }
}

export default AddIcon